package dev.rewind.testing;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A second, private Kafka broker for tests that must stop and restart one (the shared local broker is
 * never touched). Runs the devstack launcher from {@code devstack/target}, which the reactor builds first.
 */
public final class PrivateBroker implements AutoCloseable {
    private final int port;
    private final Path home;
    private final Path devstack;

    public PrivateBroker(int port, Path home) {
        this.port = port;
        this.home = home.toAbsolutePath();
        this.devstack = findDevstack();
    }

    public String bootstrap() {
        return "127.0.0.1:" + port;
    }

    public void start() throws IOException, InterruptedException {
        run("kafka-start");
        if (!LocalInfra.brokerAnswers(bootstrap(), Duration.ofSeconds(10))) {
            throw new IllegalStateException("private broker on " + bootstrap() + " did not start; see " + home);
        }
    }

    public void stop() throws IOException, InterruptedException {
        run("kafka-stop");
    }

    @Override
    public void close() throws IOException, InterruptedException {
        stop();
    }

    private void run(String command) throws IOException, InterruptedException {
        Files.createDirectories(home);
        String classpath = devstack.resolve("rewind-devstack-0.1.0-SNAPSHOT.jar") + File.pathSeparator + devstack.resolve("lib") + "/*";
        Process process = new ProcessBuilder(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Drewind.home=" + home, "-Drewind.kafka.port=" + port, "-Drewind.kafka.controller-port=" + (port + 1),
                "-cp", classpath, "dev.rewind.devstack.DevStack", command))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve("devstack.out").toFile()))
                .start();
        if (process.waitFor() != 0) {
            throw new IllegalStateException(command + " of the private broker failed; see " + home.resolve("devstack.out"));
        }
    }

    private static Path findDevstack() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            Path candidate = dir.resolve("devstack/target");
            if (Files.isDirectory(candidate.resolve("lib"))) {
                return candidate;
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException("devstack/target/lib not found: build the devstack module first");
    }
}
