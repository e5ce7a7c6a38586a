package dev.rewind.verifier.checks;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.List;
import java.util.stream.Stream;

/** Glob matching inside a tree that cannot hang: links are not followed and depth is bounded. */
final class TreeFiles {
    static final int MAX_DEPTH = 16;
    static final long MAX_PARSE_BYTES = 4L << 20;
    private static final String GLOB_SYNTAX = "*?[]{}\\";

    private TreeFiles() {
    }

    /**
     * The regular files under {@code tree} whose relative path matches {@code glob}. Only the glob's literal
     * directory prefix is walked ({@code steps/0-scoping/step-01-*.md} reads one directory, not the 5,000 files
     * beside it), and only when every directory of that prefix is a directory itself, not a link.
     */
    static List<Path> matching(Path tree, String glob) throws IOException {
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + glob);
        Path base = tree;
        String[] segments = glob.split("/");
        int literal = 0;
        while (literal < segments.length - 1 && isLiteral(segments[literal])) {
            base = base.resolve(segments[literal++]);
        }
        // without **, a glob matches at one depth only: the walk needs to go no deeper
        int depth = glob.contains("**") ? MAX_DEPTH : Math.min(MAX_DEPTH, segments.length - literal);
        for (Path directory = base; directory.startsWith(tree); directory = directory.getParent()) {
            if (!Files.isDirectory(directory, LinkOption.NOFOLLOW_LINKS)) {
                return List.of();
            }
            if (directory.equals(tree)) {
                break;
            }
        }
        try (Stream<Path> paths = Files.walk(base, depth)) {
            return paths.filter(Files::isRegularFile).filter(p -> matcher.matches(tree.relativize(p))).sorted().toList();
        }
    }

    private static boolean isLiteral(String segment) {
        return !segment.isEmpty() && !segment.equals(".") && !segment.equals("..")
                && segment.chars().noneMatch(c -> GLOB_SYNTAX.indexOf(c) >= 0);
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
