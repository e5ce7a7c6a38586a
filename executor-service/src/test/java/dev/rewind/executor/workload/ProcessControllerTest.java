package dev.rewind.executor.workload;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Real processes on this host: trees, zombies, other users' processes, start commands that lie. */
class ProcessControllerTest {
    private final String marker = "rewind-pc-" + UUID.randomUUID().toString().substring(0, 8);
    private final List<Process> spawned = new ArrayList<>();
    @TempDir
    Path dir;

    @AfterEach
    void killEverythingWeSpawned() {
        ProcessHandle.allProcesses().filter(p -> ProcessTable.commandLine(p).map(c -> c.contains(marker)).orElse(false))
                .forEach(ProcessHandle::destroyForcibly);
        spawned.forEach(p -> p.descendants().forEach(ProcessHandle::destroyForcibly));
        spawned.forEach(Process::destroyForcibly);
    }

    private ProcessController controller(String user, List<String> start) {
        return new ProcessController(List.of("sh -c sleep [0-9]+; : " + marker), user, start, Duration.ofSeconds(2),
                Duration.ofSeconds(2), dir, dir.resolve("workload.log"), dir.resolve("workload.pid"));
    }

    private ProcessController controller() {
        return controller(ProcessController.currentUser(), List.of("sh", "-c", "sleep 300; : " + marker));
    }

    private Process spawn(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        spawned.add(process);
        // running once its command line is readable and a shell has started what it runs
        boolean shell = !command[0].equals("sleep");
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(10)).until(() ->
                ProcessTable.commandLine(process.toHandle()).isPresent() && (!shell || process.descendants().findAny().isPresent()));
        return process;
    }

    @Test
    void stopping_stops_the_whole_tree_so_no_child_is_left_running_as_an_orphan() throws Exception {
        Process workload = spawn("sh", "-c", "sleep 300; : " + marker);
        List<ProcessHandle> tree = ProcessTable.tree(workload.toHandle());
        assertThat(tree).hasSize(2);

        Map<String, String> stopped = controller().stop();

        assertThat(stopped).containsEntry("stopped", "2");
        assertThat(ProcessTable.awaitExit(tree, Duration.ofSeconds(2))).isEmpty();
    }

    @Test
    void patterns_match_the_whole_command_line_not_a_part_of_it() throws Exception {
        Process lookalike = spawn("sh", "-c", "sleep 300; : " + marker + "-other");

        assertThat(controller().workload()).isEmpty();
        assertThat(controller().stop()).containsEntry("stopped", "0");
        assertThat(lookalike.isAlive()).isTrue();
    }

    @Test
    void a_matching_process_of_another_user_is_not_ours_and_nothing_is_signalled() throws Exception {
        assumeTrue(ProcessController.currentUser().equals("root"), "starting another user's process needs root");
        Process ours = spawn("sh", "-c", "sleep 300; : " + marker);
        Process foreign = spawn("setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", "sh", "-c", "sleep 301; : " + marker);

        long started = System.nanoTime();
        assertThatThrownBy(() -> controller().stop()).isInstanceOf(IOException.class)
                .hasMessageContaining("not ours").hasMessageContaining("user nobody").hasMessageContaining("nothing was stopped");

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
        assertThat(ours.isAlive()).isTrue();
        assertThat(foreign.isAlive()).isTrue();
    }

    @Test
    void a_stopped_process_its_parent_never_reaps_counts_as_stopped_instead_of_blocking_forever() throws Exception {
        Process parent = spawn("sh", "-c", "sh -c 'sleep 300; : " + marker + "' & exec sleep 302");
        assertThat(controller().workload()).isNotEmpty();

        long started = System.nanoTime();
        controller().stop();

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        List<ProcessHandle> children = parent.toHandle().children().toList();
        assertThat(children).isNotEmpty().allMatch(child -> ProcessTable.zombie(child.pid()));
        assertThat(controller().workload()).isEmpty();
    }

    @Test
    void a_bounded_wait_returns_what_still_runs() throws Exception {
        Process survivor = spawn("sleep", "300");

        long started = System.nanoTime();
        assertThat(ProcessTable.awaitExit(List.of(survivor.toHandle()), Duration.ofMillis(300))).containsExactly(survivor.toHandle());
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
    }

    @Test
    void an_unrelated_matching_process_is_no_proof_that_the_start_command_runs() throws Exception {
        spawn("sh", "-c", "sleep 300; : " + marker);
        ProcessController exitsAtOnce = controller(ProcessController.currentUser(), List.of("sh", "-c", "exit 0"));

        assertThatThrownBy(() -> exitsAtOnce.start(Map.of())).isInstanceOf(IOException.class)
                .hasMessageContaining("exited with 0").hasMessageContaining("foreground");
        assertThat(Files.exists(dir.resolve("workload.pid"))).isFalse();
    }

    @Test
    void starting_twice_after_a_crash_starts_once_and_stop_then_stops_what_was_started() throws Exception {
        ProcessController controller = controller();
        Map<String, String> first = controller.start(Map.of());
        Map<String, String> again = controller().start(Map.of());

        assertThat(first).containsEntry("started", "1");
        assertThat(again).containsEntry("started", "0").containsEntry("pid", first.get("pid"));
        ProcessHandle started = ProcessHandle.of(Long.parseLong(first.get("pid"))).orElseThrow();

        controller().stop();

        assertThat(ProcessTable.awaitExit(List.of(started), Duration.ofSeconds(2))).isEmpty();
        assertThat(Files.exists(dir.resolve("workload.pid"))).isFalse();
    }
}
