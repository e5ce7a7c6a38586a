package dev.rewind.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where a benchmark writes its JSON: {@code bench/target/} from the project's root, or {@code -Dbench.out=DIR}. */
final class BenchOutput {
    private BenchOutput() {
    }

    static Path file(String name) throws IOException {
        Path directory = Path.of(System.getProperty("bench.out", "bench/target"));
        Files.createDirectories(directory);
        return directory.resolve(name);
    }
}
