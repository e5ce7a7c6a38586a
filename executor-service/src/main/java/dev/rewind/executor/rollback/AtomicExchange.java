package dev.rewind.executor.rollback;

import java.io.IOException;
import java.nio.file.Path;

import org.jboss.logging.Logger;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;

/**
 * Linux's {@code renameat2(2)} with {@code RENAME_EXCHANGE}, through JNA: two paths swap their directory entries in one
 * step, so neither is ever absent. Where the C library lacks the call, JNA cannot load, or the file system refuses the
 * flag, {@link #exchange} says so by returning {@code false} and the caller renames twice instead.
 */
public final class AtomicExchange {
    private static final Logger LOG = Logger.getLogger(AtomicExchange.class);
    private static final int AT_FDCWD = -100;
    private static final int RENAME_EXCHANGE = 1 << 1;
    private static final int ENOSYS = 38;
    private static final int EINVAL = 22;
    private static final int EOPNOTSUPP = 95;
    private static final CLibrary LIBC = load();

    /** The one call used, declared as glibc exports it. */
    interface CLibrary extends Library {
        int renameat2(int oldDirectory, String oldPath, int newDirectory, String newPath, int flags) throws LastErrorException;
    }

    private AtomicExchange() {
    }

    private static CLibrary load() {
        if (System.getProperty("jna.tmpdir") == null) {
            // JNA unpacks its native part into ~/.cache by default, which a read-only root file system (the k8s
            // manifests) refuses; the JVM's temporary directory is writable there (an emptyDir on /tmp)
            System.setProperty("jna.tmpdir", System.getProperty("java.io.tmpdir"));
        }
        try {
            return Native.load("c", CLibrary.class);
        } catch (LinkageError | RuntimeException e) {
            LOG.warnf("renameat2 is not available (%s): swaps rename twice", e.getMessage());
            return null;
        }
    }

    /** Whether this process can try an exchange at all. */
    public static boolean available() {
        return LIBC != null;
    }

    /**
     * Exchanges {@code first} and {@code second} (both must exist, on one file system). Returns {@code false}, having
     * changed nothing, where the exchange is not supported; any other refusal is an {@link IOException} naming errno.
     */
    public static boolean exchange(Path first, Path second) throws IOException {
        if (LIBC == null) {
            return false;
        }
        try {
            LIBC.renameat2(AT_FDCWD, first.toAbsolutePath().toString(), AT_FDCWD, second.toAbsolutePath().toString(), RENAME_EXCHANGE);
            return true;
        } catch (LastErrorException e) {
            if (e.getErrorCode() == ENOSYS || e.getErrorCode() == EINVAL || e.getErrorCode() == EOPNOTSUPP) {
                LOG.warnf("renameat2(RENAME_EXCHANGE) of %s and %s is not supported here (errno %d): renaming twice instead",
                        first, second, e.getErrorCode());
                return false;
            }
            throw new IOException("renameat2(RENAME_EXCHANGE) of " + first + " and " + second + " failed: errno " + e.getErrorCode()
                    + " (" + e.getMessage() + ")", e);
        } catch (UnsatisfiedLinkError e) {
            LOG.warnf("renameat2 is not in this C library (%s): renaming twice instead", e.getMessage());
            return false;
        }
    }
}
