package dev.rewind.executor.rollback;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The git command line, as the executor runs it: no input, output read while git runs, five minutes at most, a
 * failure reported with git's own words. Callers pass {@code --end-of-options} before any value.
 */
public final class GitCommand {
    private static final String COMMIT_ID = "[0-9a-f]{40}([0-9a-f]{24})?";

    private GitCommand() {
    }

    /** The commit a tag names in the repository; only a commit id ever reaches a later git command. */
    public static String commitOfTag(String repository, String tag) throws IOException, InterruptedException {
        String commit = run("tag " + tag + " is not a commit in " + repository,
                "git", "-C", repository, "rev-parse", "--verify", "--quiet", "--end-of-options", "refs/tags/" + tag + "^{commit}").trim();
        if (!commit.matches(COMMIT_ID)) {
            throw new IOException("tag " + tag + " resolved to '" + commit + "', not a commit id");
        }
        return commit;
    }

    public static String run(String failure, String... command) throws IOException, InterruptedException {
        Process git = new ProcessBuilder(command).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> {
            try {
                return new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "";
            }
        });
        if (!git.waitFor(5, TimeUnit.MINUTES)) {
            git.destroyForcibly();
            throw new IOException(failure + ": no answer within 5 minutes");
        }
        if (git.exitValue() != 0) {
            throw new IOException(failure + ": " + output.join().trim());
        }
        return output.join();
    }
}
