package dev.rewind.executor.archive;

/** An archive that must not be restored: an entry escapes, links out, is a device, or sizes are absurd. */
public class HostileArchiveException extends java.io.IOException {
    public HostileArchiveException(String message) {
        super(message);
    }
}
