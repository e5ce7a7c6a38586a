package dev.rewind.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/** Files of the repository a test reads as shipped (the README, the Kubernetes manifests), from any module. */
public final class RepositoryFiles {

    private RepositoryFiles() {
    }

    /** The file at {@code relative} from the repository's root (the folder holding README.md and mvnw). */
    public static Path path(String relative) {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("README.md")) && Files.isRegularFile(dir.resolve("mvnw"))) {
                return dir.resolve(relative);
            }
        }
        throw new IllegalStateException("no repository root above " + Path.of("").toAbsolutePath());
    }
}
