package dev.rewind.executor.archive;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static dev.rewind.executor.archive.Tars.file;
import static dev.rewind.executor.archive.Tars.link;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Archives built to escape with entries that each look harmless alone, or to confuse what is written:
 * every one is refused by verification (step 1.3) and by extraction (step 2.3) alike, and nothing ever
 * appears in the canary directory beside the staging directory.
 */
public class HostileArchivesTest {
    static final byte SYMLINK = TarArchiveEntry.LF_SYMLINK;
    static final byte HARD = TarArchiveEntry.LF_LINK;

    @TempDir
    Path dir;

    public static Map<String, Tars.EntryWriter> corpus() {
        Map<String, Tars.EntryWriter> corpus = new LinkedHashMap<>();
        corpus.put("a chain of links that each look harmless, then a write through the last", tar -> {
            link(tar, "a", ".", SYMLINK);
            link(tar, "b", "a/..", SYMLINK);
            link(tar, "c", "b/..", SYMLINK);
            file(tar, "c/canary/pwned", "x");
        });
        corpus.put("a chain of links resolving outside, nothing written through them", tar -> {
            link(tar, "a", ".", SYMLINK);
            link(tar, "b", "a/..", SYMLINK);
            link(tar, "agents/out", "../b/canary", SYMLINK);
        });
        corpus.put("a link through a directory link that climbs out", tar -> {
            file(tar, "agents/dev.md", "persona");
            link(tar, "templates/up", "../agents/../..", SYMLINK);
        });
        corpus.put("a regular file declared after a symlink of the same name", tar -> {
            link(tar, "config.yaml", "agents/../../canary/pwned", SYMLINK);
            file(tar, "config.yaml", "x");
        });
        corpus.put("a regular file after an escaping symlink of the same name", tar -> {
            link(tar, "a", ".", SYMLINK);
            link(tar, "config.yaml", "a/../canary/pwned", SYMLINK);
            file(tar, "config.yaml", "x");
        });
        corpus.put("a hard link whose target passes through an archive symlink", tar -> {
            link(tar, "a", ".", SYMLINK);
            link(tar, "agents/h", "a/agents/dev.md", HARD);
        });
        corpus.put("a hard link to a file the archive did not write", tar -> link(tar, "agents/h", "steps/none.md", HARD));
        corpus.put("a hard link to a directory", tar -> {
            file(tar, "agents/dev.md", "persona");
            link(tar, "h", "agents", HARD);
        });
        corpus.put("a hard link to a symlink", tar -> {
            link(tar, "s", "agents", SYMLINK);
            link(tar, "h", "s", HARD);
        });
        corpus.put("a link loop", tar -> {
            link(tar, "x", "y", SYMLINK);
            link(tar, "y", "x", SYMLINK);
        });
        corpus.put("a file twice", tar -> {
            file(tar, "agents/dev.md", "first");
            file(tar, "agents/dev.md", "second");
        });
        corpus.put("a file under a file", tar -> {
            file(tar, "agents/dev.md", "persona");
            file(tar, "agents/dev.md/inner", "x");
        });
        corpus.put("a symlink over a directory already written", tar -> {
            file(tar, "agents/dev.md", "persona");
            link(tar, "agents", "templates", SYMLINK);
        });
        corpus.put("a newline in a name", tar -> file(tar, "agents/evil\nname.md", "x"));
        corpus.put("an escape sequence in a name", tar -> file(tar, "agents/\u001b[31mred.md", "x"));
        corpus.put("a newline in a link target", tar -> link(tar, "agents/n", "dev\n.md", SYMLINK));
        corpus.put("a backslash in a name", tar -> file(tar, "agents\\..\\..\\canary\\pwned", "x"));
        corpus.put("an empty path component", tar -> file(tar, "agents//dev.md", "x"));
        corpus.put("a dot path component", tar -> file(tar, "agents/./dev.md", "x"));
        corpus.put("a file named as the root", tar -> file(tar, ".", "x"));
        return corpus;
    }

    @Test
    void every_hostile_archive_is_refused_by_verification_and_extraction_and_nothing_escapes() throws Exception {
        Path canary = Files.createDirectories(dir.resolve("canary"));
        java.util.List<String> accepted = new java.util.ArrayList<>();
        int n = 0;
        for (Map.Entry<String, Tars.EntryWriter> hostile : corpus().entrySet()) {
            Path archive = Tars.write(dir.resolve("hostile-" + n + ".tar.gz"), hostile.getValue());
            Path staging = dir.resolve("staging-" + n++);
            if (!refused(() -> ArchiveReader.verify(archive, ArchiveReader.Limits.DEFAULT))) {
                accepted.add("verified: " + hostile.getKey());
            }
            if (!refused(() -> ArchiveReader.extract(archive, staging, ArchiveReader.Limits.DEFAULT))) {
                accepted.add("extracted: " + hostile.getKey());
            }
            try (Stream<Path> inCanary = Files.list(canary)) {
                assertThat(inCanary).as("canary after: " + hostile.getKey()).isEmpty();
            }
            try (Stream<Path> created = Files.walk(staging)) {
                assertThat(created.filter(Files::isSymbolicLink)).as("no link of a refused archive is created").isEmpty();
            }
        }
        assertThat(accepted).as("hostile archives not refused").isEmpty();
        assertThat(n).isGreaterThanOrEqualTo(20);
    }

    interface Read {
        void run() throws IOException;
    }

    private static boolean refused(Read read) {
        try {
            read.run();
            return false;
        } catch (HostileArchiveException e) {
            return true;
        } catch (IOException e) {
            throw new AssertionError("refused, but not as hostile: " + e, e);
        }
    }

    @Test
    void links_that_resolve_inside_through_other_links_are_kept() throws Exception {
        Path archive = Tars.write(dir.resolve("fine.tar.gz"), tar -> {
            file(tar, "agents/personas/dev.md", "persona");
            link(tar, "agents/current", "personas", SYMLINK);
            link(tar, "templates/dev.md", "../agents/current/dev.md", SYMLINK);
            link(tar, "steps/root", "..", SYMLINK);
            link(tar, "steps/again", "root/agents/current/dev.md", SYMLINK);
        });
        Path staging = dir.resolve("fine");
        ArchiveReader.verify(archive, ArchiveReader.Limits.DEFAULT);
        ArchiveReader.extract(archive, staging, ArchiveReader.Limits.DEFAULT);
        assertThat(Files.readString(staging.resolve("templates/dev.md"))).isEqualTo("persona");
        assertThat(Files.readString(staging.resolve("steps/again"))).isEqualTo("persona");
    }
}
