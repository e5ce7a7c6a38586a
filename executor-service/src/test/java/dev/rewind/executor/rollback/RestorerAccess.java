package dev.rewind.executor.rollback;

import java.io.IOException;
import java.nio.file.Path;

/** Test access to the restorer's tree deletion. */
public final class RestorerAccess {
    private RestorerAccess() {
    }

    public static void delete(Path tree) throws IOException {
        Restorer.deleteTree(tree);
    }
}
