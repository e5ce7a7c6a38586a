package dev.rewind.executor.rollback;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

import dev.rewind.executor.config.DeploymentTarget;

/** Reads the deployed version from the version file (a top-level key of a YAML file). */
public final class VersionReader {
    private VersionReader() {
    }

    /** The version, or {@code "unknown (<why>)"}: diagnostics must not fail because the broken tree is broken. */
    public static String read(Path tree, DeploymentTarget.VersionFile versionFile) {
        Path file = tree.resolve(versionFile.path());
        try (Reader reader = Files.newBufferedReader(file)) {
            Object document = new Yaml(new LoaderOptions()).load(reader);
            if (document instanceof Map<?, ?> map && map.get(versionFile.key()) != null) {
                return String.valueOf(map.get(versionFile.key()));
            }
            return "unknown (no " + versionFile.key() + " in " + versionFile.path() + ")";
        } catch (IOException | RuntimeException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }
}
