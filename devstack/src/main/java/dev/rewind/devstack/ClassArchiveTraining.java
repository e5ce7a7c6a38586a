package dev.rewind.devstack;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Replaces a service's build-time class-data archive with one dumped after a real start. Quarkus dumps
 * {@code app-cds.jsa} at build time, before the runtime start (no database, no broker), so about a third of
 * the 16,000 classes a service loads — Hibernate's boot and HQL, Flyway, the Kafka clients — are still read
 * from the jars at every start. Started once against the running stack with
 * {@code -XX:ArchiveClassesAtExit} and stopped when ready, the JVM archives all of them: a service is ready
 * ~0.5 s sooner (README, Performance). JDK 17 has no {@code -XX:+AutoCreateSharedArchive}, hence this.
 *
 * <p>The archive is trained once per build: {@value #MARKER} newer than {@code quarkus-run.jar} says so. A
 * training that fails leaves the build-time archive in place; the service still starts, only slower.
 */
public final class ClassArchiveTraining {
    static final String ARCHIVE = "app-cds.jsa";
    static final String MARKER = "app-cds.trained";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(60);

    private ClassArchiveTraining() {
    }

    public static boolean isTrained(Path quarkusApp) throws IOException {
        Path marker = quarkusApp.resolve(MARKER);
        Path jar = quarkusApp.resolve("quarkus-run.jar");
        return Files.exists(marker) && Files.getLastModifiedTime(marker).compareTo(Files.getLastModifiedTime(jar)) >= 0;
    }

    /**
     * Trains the archive of the service in {@code quarkusApp} unless that is done: runs {@code command} (the
     * service's own java command line, ending in {@code -jar quarkus-run.jar}) from there with the dump
     * options added, waits for {@code /q/health/ready} on {@code port}, stops it gracefully and puts the
     * archive in place. One training at a time per service, across processes.
     */
    public static synchronized void ensureTrained(Path quarkusApp, List<String> command, Map<String, String> environment, int port)
            throws IOException, InterruptedException {
        try (FileChannel lockFile = FileChannel.open(quarkusApp.resolve("app-cds.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock lock = lockFile.lock()) {
            if (isTrained(quarkusApp)) {
                return;
            }
            Path baseArchive = javaHome(command.get(0)).resolve("lib/server/classes.jsa");
            if (!Files.exists(baseArchive)) {
                warn(quarkusApp, "this JDK has no default class-data archive (" + baseArchive + ")");
                return;
            }
            Path dumped = quarkusApp.resolve(ARCHIVE + ".training");
            Files.deleteIfExists(dumped);
            Path log = quarkusApp.resolve("app-cds-training.log");
            Optional<String> failure = startAndDump(quarkusApp, withDumpOptions(command, baseArchive, dumped), environment, port, log);
            if (failure.isPresent() || !Files.exists(dumped) || Files.size(dumped) == 0) {
                Files.deleteIfExists(dumped);
                warn(quarkusApp, failure.orElse("it dumped no classes") + "; see " + log);
                return;
            }
            Files.move(dumped, quarkusApp.resolve(ARCHIVE), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            Files.writeString(quarkusApp.resolve(MARKER), Instant.now() + "\n");
            Files.deleteIfExists(log);
        }
    }

    /** Starts the service, waits until it is ready, stops it (SIGTERM: the JVM dumps on its way out); why not, if it failed. */
    private static Optional<String> startAndDump(Path quarkusApp, List<String> training, Map<String, String> environment, int port, Path log)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(training).directory(quarkusApp.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        Process service = builder.start();
        boolean ready = ReadinessProbe.await(service, port, READY_TIMEOUT);
        String notReady = service.isAlive() ? "it was not ready within " + READY_TIMEOUT : "it exited with " + service.exitValue();
        service.destroy();
        if (!service.waitFor(EXIT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            service.destroyForcibly().waitFor();
            return Optional.of("it did not stop within " + EXIT_TIMEOUT);
        }
        return ready ? Optional.empty() : Optional.of(notReady);
    }

    /** The JDK the command runs: from its path, or this JVM's when it is a bare {@code java} found on the PATH. */
    private static Path javaHome(String java) throws IOException {
        return java.contains("/") ? Path.of(java).toRealPath().getParent().getParent() : Path.of(System.getProperty("java.home"));
    }

    static List<String> withDumpOptions(List<String> command, Path baseArchive, Path dumped) {
        int jar = command.indexOf("-jar");
        if (jar < 0) {
            throw new IllegalArgumentException("not a java -jar command line: " + command);
        }
        List<String> training = new ArrayList<>(command.subList(0, jar));
        // the options files name the archive to use; dumping needs the JDK's base archive in its place
        training.add("-XX:SharedArchiveFile=" + baseArchive);
        training.add("-XX:ArchiveClassesAtExit=" + dumped);
        training.addAll(command.subList(jar, command.size()));
        return training;
    }

    private static void warn(Path quarkusApp, String why) {
        System.err.println("[rewind] class-data archive of " + quarkusApp + " not trained: " + why
                + "; the service starts with its build-time archive");
    }
}
