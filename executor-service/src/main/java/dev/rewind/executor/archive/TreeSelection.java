package dev.rewind.executor.archive;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.List;

/**
 * Which paths of a deployment tree a backup manages: the runbook's {@code agents/ steps/ templates/
 * config.yaml checklists/ DEPLOYMENT/ *.md} (a trailing slash names a directory, a glob names top-level
 * files), minus any path with an excluded name ({@code .git}, {@code _deprecated}, {@code node_modules})
 * at any depth. Everything else is the unmanaged part a restore must leave as it was.
 */
public final class TreeSelection {
    private final List<String> directories;
    private final List<PathMatcher> files;
    private final List<String> excludedNames;

    public TreeSelection(List<String> include, List<String> exclude) {
        this.directories = include.stream().filter(p -> p.endsWith("/")).map(p -> p.substring(0, p.length() - 1)).toList();
        this.files = include.stream().filter(p -> !p.endsWith("/"))
                .map(p -> FileSystems.getDefault().getPathMatcher("glob:" + p)).toList();
        this.excludedNames = List.copyOf(exclude);
    }

    /** @param relative a path relative to the tree's root */
    public boolean isManaged(Path relative) {
        if (isRoot(relative) || isExcluded(relative)) {
            return false;
        }
        String top = relative.getName(0).toString();
        if (directories.contains(top)) {
            return true;
        }
        return relative.getNameCount() == 1 && files.stream().anyMatch(m -> m.matches(relative.getFileName()));
    }

    /** Whether a directory may contain managed paths, i.e. is worth walking into. */
    public boolean mayContainManaged(Path relativeDirectory) {
        if (isRoot(relativeDirectory)) {
            return true;
        }
        return !isExcluded(relativeDirectory) && directories.contains(relativeDirectory.getName(0).toString());
    }

    private static boolean isRoot(Path relative) {
        return relative.toString().isEmpty();
    }

    public boolean isExcluded(Path relative) {
        for (Path part : relative) {
            if (excludedNames.contains(part.toString())) {
                return true;
            }
        }
        return false;
    }
}
