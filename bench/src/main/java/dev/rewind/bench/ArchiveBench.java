package dev.rewind.bench;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import dev.rewind.executor.archive.ArchiveReader;
import dev.rewind.executor.archive.ArchiveWriter;
import dev.rewind.executor.archive.TreeSelection;
import dev.rewind.executor.config.DeploymentTarget;

/**
 * The executor's archive (2.2) and restore (2.3) of a generated workflow tree (5,000 files, 200 MB of
 * markdown-like text), beside GNU {@code tar czf} / {@code tar xzf} of the same tree in the same run.
 * Restores are repeated into tmpfs when there is one, which shows the work without the disk's noise.
 * Run with {@code ./rewind bench archive}; writes {@code bench/target/bench-archive.json}.
 */
public final class ArchiveBench {
    private static final String[] WORDS = ("agent step workflow knowledge retrieval embedding pipeline feature store "
            + "training inference evaluation prompt persona template checklist deployment rollback version config "
            + "the a of to and in is for with on that by this be are from as at").split(" ");

    /** Where the restores are repeated without a disk under them (tmpfs), to tell CPU from I/O. */
    private static final Path MEMORY = Path.of("/dev/shm");

    private ArchiveBench() {
    }

    public static void main(String[] args) throws Exception {
        int files = Integer.getInteger("bench.archive.files", 5000);
        long bytes = Long.getLong("bench.archive.bytes", 200L << 20);
        int runs = Integer.getInteger("bench.archive.runs", 5);
        Path work = Files.createTempDirectory("rewind-archive-bench");
        try {
            Path tree = generate(work.resolve("tree"), files, bytes);
            TreeSelection selection = new TreeSelection(DeploymentTarget.Backups.RUNBOOK_INCLUDE, DeploymentTarget.Backups.RUNBOOK_EXCLUDE);
            List<Double> ourArchive = new ArrayList<>();
            List<Double> tarArchive = new ArrayList<>();
            List<Double> ourRestore = new ArrayList<>();
            List<Double> tarRestore = new ArrayList<>();
            List<Double> ourMemoryRestore = new ArrayList<>();
            List<Double> tarMemoryRestore = new ArrayList<>();
            long archiveSize = 0;
            for (int i = 0; i < runs + 1; i++) {
                int run = i;
                Path ours = work.resolve("ours-" + run + ".tar.gz");
                Path gnu = work.resolve("gnu-" + run + ".tar.gz");
                double a = time(() -> ArchiveWriter.write(tree, selection, ours));
                double b = time(() -> exec("tar", "-C", tree.toString(), "-czf", gnu.toString(), "agents", "steps", "templates", "config.yaml"));
                exec("sync");
                double c = time(() -> ArchiveReader.extract(ours, work.resolve("ours-out-" + run), ArchiveReader.Limits.DEFAULT));
                Files.createDirectories(work.resolve("gnu-out-" + run));
                exec("sync");
                double d = time(() -> exec("tar", "-C", work.resolve("gnu-out-" + run).toString(), "-xzf", gnu.toString()));
                archiveSize = Files.size(ours);
                if (i > 0) {
                    ourArchive.add(a);
                    tarArchive.add(b);
                    ourRestore.add(c);
                    tarRestore.add(d);
                }
                if (Files.isDirectory(MEMORY)) {
                    Path memory = Files.createTempDirectory(MEMORY, "rewind-archive-bench");
                    try {
                        double e = time(() -> ArchiveReader.extract(ours, memory.resolve("ours"), ArchiveReader.Limits.DEFAULT));
                        Files.createDirectories(memory.resolve("gnu"));
                        double f = time(() -> exec("tar", "-C", memory.resolve("gnu").toString(), "-xzf", gnu.toString()));
                        if (i > 0) {
                            ourMemoryRestore.add(e);
                            tarMemoryRestore.add(f);
                        }
                    } finally {
                        delete(memory);
                    }
                }
                delete(work.resolve("ours-out-" + run));
                delete(work.resolve("gnu-out-" + run));
                Files.deleteIfExists(ours);
                Files.deleteIfExists(gnu);
            }
            Stats archive = Stats.of(ourArchive);
            Stats tarC = Stats.of(tarArchive);
            Stats restore = Stats.of(ourRestore);
            Stats tarX = Stats.of(tarRestore);
            double megabytes = bytes / 1e6;
            Map<String, String> json = new HashMap<>();
            System.out.printf(Locale.ROOT, "tree: %d files, %.0f MB; archive %.0f MB; %d runs after one warm-up%n", files, megabytes,
                    archiveSize / 1e6, runs);
            System.out.printf(Locale.ROOT, "%-44s %6s %9s %9s %9s %9s %9s%n", "time (ms)", "n", "median", "p90", "p99", "min", "max");
            System.out.println(archive.row("Rewind archive (tar + gzip 6 on every core)"));
            System.out.println(tarC.row("GNU tar czf"));
            System.out.println(restore.row("Rewind verify-while-extract"));
            System.out.println(tarX.row("GNU tar xzf"));
            System.out.printf(Locale.ROOT, "archive: %.0f MB/s, %.2fx GNU tar's time; restore: %.0f MB/s, %.2fx GNU tar's time%n",
                    megabytes / (archive.median() / 1000), archive.median() / tarC.median(),
                    megabytes / (restore.median() / 1000), restore.median() / tarX.median());
            if (!ourMemoryRestore.isEmpty()) {
                Stats memoryRestore = Stats.of(ourMemoryRestore);
                Stats memoryTarX = Stats.of(tarMemoryRestore);
                System.out.println(memoryRestore.row("Rewind restore into tmpfs (no disk)"));
                System.out.println(memoryTarX.row("GNU tar xzf into tmpfs (no disk)"));
                System.out.printf(Locale.ROOT, "restore without the disk: %.2fx GNU tar's time%n", memoryRestore.median() / memoryTarX.median());
                json.put("rewind_restore_tmpfs", memoryRestore.json());
                json.put("gnu_tar_xzf_tmpfs", memoryTarX.json());
            }
            json.put("files", Integer.toString(files));
            json.put("bytes", Long.toString(bytes));
            json.put("rewind_archive", archive.json());
            json.put("gnu_tar_czf", tarC.json());
            json.put("rewind_restore", restore.json());
            json.put("gnu_tar_xzf", tarX.json());
            Path out = BenchOutput.file("bench-archive.json");
            Files.writeString(out, json.entrySet().stream().map(e -> "\"" + e.getKey() + "\":" + e.getValue())
                    .collect(Collectors.joining(",\n  ", "{\n  ", "\n}\n")));
            System.out.println("wrote " + out.toAbsolutePath());
        } finally {
            delete(work);
        }
    }

    /** Markdown-like text (compresses about as well as a real workflow tree) spread over agents/, steps/, templates/. */
    static Path generate(Path tree, int files, long bytes) throws IOException {
        Random random = new Random(7);
        long perFile = bytes / files;
        String[] dirs = {"agents", "steps/0-scoping", "steps/1-feature", "steps/2-training", "templates/reports", "templates/prompts"};
        Files.createDirectories(tree);
        Files.writeString(tree.resolve("config.yaml"), "version: \"2.0.0\"\n");
        for (int i = 0; i < files; i++) {
            writeWords(tree.resolve(dirs[i % dirs.length]).resolve("page-" + i + ".md"), perFile, random);
        }
        return tree;
    }

    /** About {@code size} bytes of words and line breaks. */
    static void writeWords(Path file, long size, Random random) throws IOException {
        Files.createDirectories(file.getParent());
        try (Writer out = Files.newBufferedWriter(file)) {
            long written = 0;
            while (written < size) {
                String word = WORDS[random.nextInt(WORDS.length)];
                out.write(word);
                out.write(random.nextInt(12) == 0 ? '\n' : ' ');
                written += word.length() + 1;
            }
        }
    }

    interface Work {
        void run() throws Exception;
    }

    static double time(Work work) throws Exception {
        long start = System.nanoTime();
        work.run();
        return (System.nanoTime() - start) / 1e6;
    }

    static void exec(String... command) throws Exception {
        Process process = new ProcessBuilder(command).inheritIO().start();
        if (process.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed");
        }
    }

    static void delete(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
