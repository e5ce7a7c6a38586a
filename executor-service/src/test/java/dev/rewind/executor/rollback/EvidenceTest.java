package dev.rewind.executor.rollback;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.rewind.executor.config.DeploymentTarget.GitFallback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Runbook 4.2's evidence on real files and a real git repository: the logs' error lines and the change log. */
class EvidenceTest {
    @TempDir
    Path root;

    @Test
    void the_error_lines_of_every_log_are_listed_with_file_and_line_whatever_the_logs_hold() throws IOException {
        Path logs = Files.createDirectories(root.resolve("logs"));
        Files.writeString(logs.resolve("a.log"), "INFO start\nERROR step-03 failed\r\nWARN slow\nCRITICAL mcp down\n");
        Files.write(logs.resolve("b.log"), concat("FAILED step 7 \u001b[31mred\u0000\n".getBytes(StandardCharsets.UTF_8),
                new byte[] {(byte) 0xff, (byte) 0xfe, 'E', 'R', 'R', 'O', 'R', '\n'}));
        Files.writeString(logs.resolve("long.log"), "ERROR " + "x".repeat(50_000) + "\n");
        Files.writeString(logs.resolve("quiet.log"), "error in lower case is not the runbook's pattern\n");
        Files.createSymbolicLink(logs.resolve("escape.log"), Path.of("/etc/passwd"));
        Path analysis = root.resolve("analysis");

        Map<String, String> outputs = ErrorLines.collect(logs, analysis);

        assertThat(outputs).containsEntry("errorLines", "5").containsEntry("errors", analysis.resolve("errors.txt").toString());
        List<String> lines = Files.readAllLines(analysis.resolve("errors.txt"));
        assertThat(lines.get(0)).isEqualTo("# ERROR, CRITICAL and FAILED lines of the deployment's logs (5 in 4 files)");
        assertThat(lines.subList(1, 4)).containsExactly("a.log:2: ERROR step-03 failed", "a.log:4: CRITICAL mcp down",
                "b.log:1: FAILED step 7 ?[31mred?");
        assertThat(lines.get(4)).isEqualTo("b.log:2: \ufffd\ufffdERROR");
        assertThat(lines.get(5)).startsWith("long.log:1: ERROR xxx").endsWith("…").hasSize("long.log:1: ".length() + ErrorLines.MAX_LINE + 1);
        assertThat(outputs.get("firstErrors").lines()).hasSize(5);
    }

    @Test
    void a_flood_of_error_lines_is_counted_whole_and_written_up_to_the_bound_and_no_logs_is_no_error() throws IOException {
        Path logs = Files.createDirectories(root.resolve("logs"));
        List<String> flood = new ArrayList<>();
        for (int i = 0; i < ErrorLines.MAX_WRITTEN + 500; i++) {
            flood.add("ERROR " + i);
        }
        Files.write(logs.resolve("flood.log"), flood);

        Map<String, String> outputs = ErrorLines.collect(logs, root.resolve("analysis"));

        assertThat(outputs).containsEntry("errorLines", Integer.toString(ErrorLines.MAX_WRITTEN + 500));
        assertThat(Files.readAllLines(root.resolve("analysis/errors.txt"))).hasSize(ErrorLines.MAX_WRITTEN + 1);
        assertThat(outputs.get("firstErrors").lines()).hasSize(ErrorLines.FIRST);
        assertThat(ErrorLines.collect(root.resolve("no-such-dir"), root.resolve("empty"))).containsEntry("errorLines", "0");
    }

    @Test
    void the_change_log_lists_the_commits_between_the_tags_and_the_runbooks_areas_they_touched() throws Exception {
        Assumptions.assumeTrue(gitAvailable(), "git is not installed");
        Path repository = Files.createDirectories(root.resolve("repo"));
        Files.createDirectories(repository.resolve("agents"));
        Files.writeString(repository.resolve("agents/pm.md"), "v1");
        Files.writeString(repository.resolve("config.yaml"), "version: 1.0.0\n");
        git(repository, "init", "-q");
        commit(repository, "v1");
        git(repository, "tag", "wf-v1.0.0");
        Files.writeString(repository.resolve("agents/pm.md"), "v2");
        Files.writeString(repository.resolve("DEPLOYMENT_PLAN.md"), "plan");
        commit(repository, "rename the PM persona");
        Files.writeString(repository.resolve("config.yaml"), "version: 2.0.0\n");
        commit(repository, "bump \u001b[2J to 2.0.0");
        git(repository, "tag", "wf-v2.0.0");

        Map<String, String> outputs = ChangeLog.collect(new GitFallback(repository, "wf-v{version}"), "1.0.0", "2.0.0", root.resolve("analysis"));

        assertThat(outputs).containsEntry("commits", "2")
                .containsEntry("changedAreas", "DEPLOYMENT_PLAN.md (1 files), agents (1 files), config (1 files)");
        String changes = Files.readString(root.resolve("analysis/changes.txt"));
        assertThat(changes).contains("rename the PM persona", "bump ?[2J to 2.0.0", "## agents: 1 files\n   agents/pm.md", "## steps: 0 files");
        assertThatThrownBy(() -> ChangeLog.collect(new GitFallback(repository, "wf-v{version}"), "1.0.0", "9.9.9", root.resolve("analysis")))
                .isInstanceOf(IOException.class).hasMessageContaining("tag wf-v9.9.9 is not a commit");
    }

    @Test
    void areas_are_matched_by_directory_or_file_name_at_any_depth() {
        assertThat(ChangeLog.inArea("ai/agents/pm.md", "agents/")).isTrue();
        assertThat(ChangeLog.inArea("subagents/pm.md", "agents/")).isFalse();
        assertThat(ChangeLog.inArea("config.yaml", "config")).isTrue();
        assertThat(ChangeLog.inArea("deploy/config/app.yaml", "config")).isTrue();
        assertThat(ChangeLog.inArea("configuration.md", "config")).isFalse();
        assertThat(ChangeLog.inArea("docs/DEPLOYMENT_PLAN.md", "DEPLOYMENT_PLAN.md")).isTrue();
    }

    @Test
    void the_log_check_reads_only_what_the_logs_gained_since_the_mark_a_rotated_file_whole_and_a_new_file_whole() throws IOException {
        Path logs = Files.createDirectories(root.resolve("var-log"));
        Files.writeString(logs.resolve("app.log"), "ERROR before the restart\n");
        Files.writeString(logs.resolve("rotated.log"), "ERROR old\n".repeat(100));
        Files.writeString(logs.resolve("other.txt"), "ERROR not a log the globs name\n");
        List<String> globs = List.of(logs + "/*.log");
        Path analysis = root.resolve("diagnostics");

        LogCheck.mark(globs, analysis);
        Files.writeString(logs.resolve("app.log"), "INFO started\nCRITICAL mcp unreachable\n", java.nio.file.StandardOpenOption.APPEND);
        Files.writeString(logs.resolve("rotated.log"), "FAILED after rotation\n");
        Files.writeString(logs.resolve("new.log"), "ERROR in a new file\n");

        Map<String, String> outputs = LogCheck.sinceMark(globs, analysis);

        assertThat(outputs).containsEntry("errorLines", "3").containsEntry("logsChecked", "3");
        assertThat(outputs.get("firstErrors").lines()).containsExactly("app.log: CRITICAL mcp unreachable", "new.log: ERROR in a new file",
                "rotated.log: FAILED after rotation");
        assertThat(LogCheck.sinceMark(globs, analysis)).containsEntry("errorLines", "3");
        LogCheck.mark(globs, analysis);
        assertThat(LogCheck.sinceMark(globs, analysis)).containsEntry("errorLines", "0").containsEntry("firstErrors", "");
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = new byte[a.length + b.length];
        System.arraycopy(a, 0, both, 0, a.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    private static void commit(Path repository, String message) throws Exception {
        git(repository, "add", "-A");
        git(repository, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", message);
    }

    private static void git(Path repository, String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of("git", "-C", repository.toString()));
        command.addAll(List.of(arguments));
        GitCommand.run("git " + String.join(" ", arguments), command.toArray(String[]::new));
    }

    private static boolean gitAvailable() {
        try {
            return new ProcessBuilder("git", "--version").start().waitFor() == 0;
        } catch (Exception e) {
            return false;
        }
    }
}
