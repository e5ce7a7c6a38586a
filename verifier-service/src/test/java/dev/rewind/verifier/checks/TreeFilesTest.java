package dev.rewind.verifier.checks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;

class TreeFilesTest {
    @TempDir
    Path tree;

    private List<String> matching(String glob) throws IOException {
        return TreeFiles.matching(tree, glob).stream().map(p -> tree.relativize(p).toString()).toList();
    }

    private void file(String relative) throws IOException {
        Path file = tree.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, "# " + relative + "\n");
    }

    @Test
    void matchesAtTheGlobsDepthBelowItsLiteralPrefix() throws IOException {
        file("steps/0-scoping/step-01-scope.md");
        file("steps/0-scoping/step-02a-plan.md");
        file("steps/0-scoping/deeper/step-01-copy.md");
        file("agents/dev.md");
        file("agents/nested/tech-lead.md");
        file("workflow.md");
        file("templates/bulk-0/page-0.md");

        assertEquals(List.of("steps/0-scoping/step-01-scope.md"), matching("steps/0-scoping/step-01-*.md"));
        assertEquals(List.of("agents/dev.md"), matching("agents/*.md"));
        assertEquals(List.of("agents/dev.md", "agents/nested/tech-lead.md"), matching("agents/**.md"));
        assertEquals(List.of("workflow.md"), matching("workflow.md"));
        assertEquals(List.of("agents/dev.md", "workflow.md"), matching("{agents/*,workflow}.md"));
        assertEquals(List.of(), matching("missing/*.md"));
        assertEquals(List.of(), matching("workflow.md/*.md"));
    }

    @Test
    void aLinkInTheLiteralPrefixIsNotFollowed(@TempDir Path outside) throws IOException {
        Files.createDirectories(outside.resolve("0-scoping"));
        Files.writeString(outside.resolve("0-scoping/step-01-elsewhere.md"), "# not in the tree\n");
        Files.createSymbolicLink(tree.resolve("steps"), outside);

        assertEquals(List.of(), matching("steps/0-scoping/step-01-*.md"));
        assertEquals(List.of(), matching("steps/**.md"));
    }

    @Test
    void aTreeThatIsNotADirectoryMatchesNothing() throws IOException {
        Files.delete(tree);
        assertEquals(List.of(), matching("agents/*.md"));
    }
}
