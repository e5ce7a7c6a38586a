package dev.rewind.executor.archive;

/** One file of a tree or archive: relative path, size and SHA-256. */
public record ManifestEntry(String path, long size, String sha256) {

    public String line() {
        return sha256 + "  " + size + "  " + path;
    }
}
