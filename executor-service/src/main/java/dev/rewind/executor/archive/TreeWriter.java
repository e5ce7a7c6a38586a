package dev.rewind.executor.archive;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Writes an extracted tree on its own thread, in the order it is asked to, so that inflating and
 * parsing the archive (the caller's thread) overlaps with creating files (this one) — what
 * {@code tar xzf} gets from running gzip and tar as two processes. Files are handed over whole; at most
 * {@link #IN_FLIGHT_BYTES} wait at any time. The first failure is rethrown by the next call.
 */
final class TreeWriter implements AutoCloseable {
    /** Files larger than this are streamed by the caller after {@link #drain()}, not buffered. */
    static final int MAX_BUFFERED_FILE = 1 << 20;
    /** Enough to keep the writer busy; more (16 MB was tried) only outlives young collections and fills the old generation. */
    private static final int IN_FLIGHT_BYTES = 4 << 20;

    private final ExecutorService thread = Executors.newSingleThreadExecutor(runnable -> {
        Thread writer = new Thread(runnable, "archive-tree-writer");
        writer.setDaemon(true);
        return writer;
    });
    private final Semaphore budget = new Semaphore(IN_FLIGHT_BYTES);
    private final Set<Path> directories = new HashSet<>();
    private volatile IOException failure;

    /** A file's content and what to set on it once written. */
    record File(Path target, byte[] content, int length, int mode, FileTime modified) {
    }

    interface Operation {
        void run() throws IOException;
    }

    void directory(Path directory) throws IOException {
        submit(0, () -> ensureDirectory(directory));
    }

    void symbolicLink(Path link, Path pointsTo) throws IOException {
        submit(0, () -> {
            ensureDirectory(link.getParent());
            Files.createSymbolicLink(link, pointsTo);
        });
    }

    /** Runs after every file submitted before it, so {@code existing} has been written. */
    void hardLink(Path link, Path existing) throws IOException {
        submit(0, () -> {
            ensureDirectory(link.getParent());
            Files.createLink(link, existing);
        });
    }

    void file(File file) throws IOException {
        submit(file.length(), () -> {
            ensureDirectory(file.target().getParent());
            try (OutputStream out = createNew(file.target())) {
                out.write(file.content(), 0, file.length());
            }
            finish(file.target(), file.mode(), file.modified());
        });
    }

    /** A new regular file: never an existing one, never through a link (O_CREAT | O_EXCL | O_NOFOLLOW). */
    static OutputStream createNew(Path target) throws IOException {
        return Files.newOutputStream(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
    }

    /** Waits until everything submitted so far is on disk, e.g. before the caller writes a large file itself. */
    void drain() throws IOException {
        try {
            thread.submit(() -> { }).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while writing the extracted tree");
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IOException(e.getCause());
        }
        rethrow();
    }

    /** Creates {@code directory} and its parents, remembering what exists to spare the file system. */
    void ensureDirectory(Path directory) throws IOException {
        if (directories.add(directory)) {
            Files.createDirectories(directory);
        }
    }

    static void finish(Path target, int mode, FileTime modified) throws IOException {
        Set<PosixFilePermission> permissions = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] all = PosixFilePermission.values();
        for (int i = 0; i < 9; i++) {
            if ((mode & (1 << (8 - i))) != 0) {
                permissions.add(all[i]);
            }
        }
        permissions.add(PosixFilePermission.OWNER_READ);
        try {
            Files.getFileAttributeView(target, java.nio.file.attribute.PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                    .setPermissions(permissions);
        } catch (UnsupportedOperationException | NullPointerException e) {
            // not a POSIX file system
        }
        Files.getFileAttributeView(target, java.nio.file.attribute.BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                .setTimes(modified, null, null);
    }

    private void submit(int bytes, Operation operation) throws IOException {
        rethrow();
        int permits = Math.min(bytes, IN_FLIGHT_BYTES);
        try {
            budget.acquire(permits);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while writing the extracted tree");
        }
        thread.execute(() -> {
            try {
                if (failure == null) {
                    operation.run();
                }
            } catch (IOException | RuntimeException e) {
                failure = e instanceof IOException io ? io : new IOException(e);
            } finally {
                budget.release(permits);
            }
        });
    }

    private void rethrow() throws IOException {
        IOException failed = failure;
        if (failed != null) {
            throw failed;
        }
    }

    /** Waits for what was submitted (or, after a failure, for the thread to stop) and rethrows a failure. */
    @Override
    public void close() throws IOException {
        thread.shutdown();
        try {
            if (!thread.awaitTermination(10, TimeUnit.MINUTES)) {
                throw new IOException("the extracted tree was not written within 10 minutes");
            }
        } catch (InterruptedException e) {
            thread.shutdownNow();
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while writing the extracted tree");
        }
        rethrow();
    }
}
