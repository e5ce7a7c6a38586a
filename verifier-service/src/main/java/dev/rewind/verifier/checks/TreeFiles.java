package dev.rewind.verifier.checks;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.List;
import java.util.stream.Stream;

/** Glob matching inside a tree that cannot hang: links are not followed and depth is bounded. */
final class TreeFiles {
    static final int MAX_DEPTH = 16;
    static final long MAX_PARSE_BYTES = 4L << 20;

    private TreeFiles() {
    }

    static List<Path> matching(Path tree, String glob) throws IOException {
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + glob);
        if (!Files.isDirectory(tree)) {
            return List.of();
        }
        try (Stream<Path> paths = Files.walk(tree, MAX_DEPTH)) {
            return paths.filter(Files::isRegularFile).filter(p -> matcher.matches(tree.relativize(p))).sorted().toList();
        }
    }

    /** Reads a text file for parsing, refusing what is too large to be a config or a markdown page. */
    static String read(Path file) throws IOException {
        long size = Files.size(file);
        if (size > MAX_PARSE_BYTES) {
            throw new IOException(file.getFileName() + " is " + size + " bytes, more than " + MAX_PARSE_BYTES + " to parse");
        }
        return Files.readString(file);
    }
}
