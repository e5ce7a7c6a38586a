package dev.rewind.executor.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** Everything the executor knows about one deployment (an entry of the deployments file). */
public record DeploymentTarget(String name, Path target, String lastGoodVersion, Backups backups, Path diagnostics,
                               List<String> logs, VersionFile versionFile, GitFallback git, Workload workload) {

    /** Where backups live, how they are named and what they contain. */
    /**
     * Where backups are, and how the broken version's archive (2.2) is written: {@code gzipLevel} 1 (the default)
     * compresses five times faster than gzip's 6 for archives about a third larger, because 2.2 runs while the
     * workload is stopped.
     */
    public record Backups(Path directory, String pattern, List<String> include, List<String> exclude, int gzipLevel) {
        public static final int DEFAULT_GZIP_LEVEL = 1;
        public static final String DEFAULT_PATTERN = "{deployment}-v{version}-backup-{suffix}.tar.gz";
        public static final List<String> RUNBOOK_INCLUDE = List.of("agents/", "steps/", "templates/", "config.yaml",
                "checklists/", "DEPLOYMENT/", "*.md");
        public static final List<String> RUNBOOK_EXCLUDE = List.of(".git", "_deprecated", "node_modules");
    }

    /** The file and key that hold the deployed version (runbook: {@code version:} in config.yaml). */
    public record VersionFile(String path, String key) {
        public static final VersionFile RUNBOOK = new VersionFile("config.yaml", "version");
    }

    /** A git repository and tag pattern to export the target version from when no backup is valid. */
    public record GitFallback(Path repository, String tagPattern) {
    }

    /** How the workflow's processes are paused and restarted. */
    public record Workload(Controller controller, List<String> match, String user, List<String> start, Duration gracePeriod,
                           Duration killTimeout, String namespace, String kubernetesDeployment) {
        public enum Controller { NONE, PROCESS, KUBERNETES }

        public static final Duration DEFAULT_GRACE = Duration.ofSeconds(10);
        public static final Duration DEFAULT_KILL_TIMEOUT = Duration.ofSeconds(10);
        public static final Workload NONE = new Workload(Controller.NONE, List.of(), null, List.of(), DEFAULT_GRACE,
                DEFAULT_KILL_TIMEOUT, null, null);
    }
}
