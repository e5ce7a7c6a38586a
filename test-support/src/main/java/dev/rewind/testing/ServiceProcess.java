package dev.rewind.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.rewind.devstack.ClassArchiveTraining;
import dev.rewind.devstack.ReadinessProbe;

/**
 * One Rewind service run from its packaged jar as a separate JVM in the prod profile, the way an
 * operator runs it: with the project's {@code jvm.options}, configuration from the environment, JSON logs
 * to a file.
 */
public final class ServiceProcess implements AutoCloseable {
    private final String name;
    private final int port;
    private final Process process;
    private final Path log;

    private ServiceProcess(String name, int port, Process process, Path log) {
        this.name = name;
        this.port = port;
        this.process = process;
        this.log = log;
    }

    public static ServiceProcess start(String name, int port, Map<String, String> extraEnvironment) throws IOException, InterruptedException {
        return start(name, name, port, extraEnvironment);
    }

    /** One of several instances of a service, logging to {@code <instance>.log}. */
    public static ServiceProcess start(String name, String instance, int port, Map<String, String> extraEnvironment)
            throws IOException, InterruptedException {
        Path root = projectRoot();
        Path jar = root.resolve(name).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: package the services first (./mvnw verify does)");
        }
        Path log = Path.of("target/service-logs").toAbsolutePath().resolve(instance + ".log");
        Files.createDirectories(log.getParent());
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "@" + root.resolve("jvm.options"), "@" + root.resolve(name).resolve("jvm.options"), "-jar", jar.getFileName().toString()));
        Map<String, String> environment = new HashMap<>(extraEnvironment);
        environment.putIfAbsent("QUARKUS_HTTP_PORT", Integer.toString(port));
        environment.putIfAbsent("REWIND_JWT_PUBLIC_KEY_LOCATION", TestTokens.publicKeyLocation());
        environment.putIfAbsent("REWIND_JWT_ISSUER", TestTokens.ISSUER);
        TestEventKeys.environment(name).forEach(environment::putIfAbsent);
        if (name.equals("incident-service")) {
            environment.putIfAbsent("REWIND_POLICY_PATH", testPolicy().toString());
        }
        ClassArchiveTraining.ensureTrained(jar.getParent(), command, environment, port);
        // from quarkus-app/, as jvm.options expects (its AppCDS archive is found, and matches, only there)
        ProcessBuilder builder = new ProcessBuilder(command).directory(jar.getParent().toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
        builder.environment().putAll(environment);
        return new ServiceProcess(name, port, builder.start(), log);
    }

    /** Resident memory of the service's JVM, from /proc (Linux). */
    public long rssKilobytes() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + process.pid() + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }

    public String name() {
        return name;
    }

    public long pid() {
        return process.pid();
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    /** Waits for {@code /q/health/ready}; returns how long that took from now. */
    public Duration awaitReady(Duration timeout) throws InterruptedException {
        Instant start = Instant.now();
        if (ReadinessProbe.await(process, port, timeout)) {
            return Duration.between(start, Instant.now());
        }
        if (!process.isAlive()) {
            throw new IllegalStateException(name + " exited with " + process.exitValue() + "; see " + log);
        }
        throw new IllegalStateException(name + " was not ready within " + timeout + "; see " + log);
    }

    /** Waits for the process to end by itself; its exit code, or empty if it still runs. */
    public java.util.OptionalInt awaitExit(Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)
                ? java.util.OptionalInt.of(process.exitValue()) : java.util.OptionalInt.empty();
    }

    public String log() throws IOException {
        return Files.readString(log);
    }

    /** kill -9: no shutdown hooks, no graceful close. */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }

    /** The built-in policy taking any deployment's signals, as a file (tests and benchmarks name fresh deployments). */
    public static Path testPolicy() throws IOException {
        Path file = Path.of("target/test-policy.yaml").toAbsolutePath();
        try (var policy = ServiceProcess.class.getResourceAsStream("/rewind/test-policy.yaml")) {
            Files.createDirectories(file.getParent());
            Files.write(file, policy.readAllBytes());
        }
        return file;
    }

    public static Path projectRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("mvnw"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("project root (with mvnw) not found above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }
}
