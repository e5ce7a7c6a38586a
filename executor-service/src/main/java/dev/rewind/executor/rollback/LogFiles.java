package dev.rewind.executor.rollback;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The deployment's log files: the regular files its {@code logs} globs (a directory and a file-name pattern) match now. */
public final class LogFiles {

    private LogFiles() {
    }

    public static List<Path> matching(List<String> globs) throws IOException {
        List<Path> matched = new ArrayList<>();
        for (String glob : globs) {
            Path pattern = Path.of(glob);
            Path base = pattern.getParent();
            if (base == null || !Files.isDirectory(base)) {
                continue;
            }
            PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + pattern.getFileName());
            try (Stream<Path> files = Files.list(base)) {
                files.filter(f -> Files.isRegularFile(f) && matcher.matches(f.getFileName())).sorted().forEach(matched::add);
            }
        }
        return matched;
    }
}
