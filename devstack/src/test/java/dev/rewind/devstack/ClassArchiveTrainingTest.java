package dev.rewind.devstack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ClassArchiveTrainingTest {

    @Test
    void the_dump_options_go_after_the_options_files_so_they_win_and_before_the_jar() {
        List<String> training = ClassArchiveTraining.withDumpOptions(
                List.of("/jdk/bin/java", "@jvm.options", "@svc/jvm.options", "-Dx=1", "-jar", "quarkus-run.jar", "arg"),
                Path.of("/jdk/lib/server/classes.jsa"), Path.of("/app/app-cds.jsa.training"));

        assertThat(training).containsExactly("/jdk/bin/java", "@jvm.options", "@svc/jvm.options", "-Dx=1",
                "-XX:SharedArchiveFile=/jdk/lib/server/classes.jsa", "-XX:ArchiveClassesAtExit=/app/app-cds.jsa.training",
                "-jar", "quarkus-run.jar", "arg");
    }

    @Test
    void a_command_line_without_a_jar_is_refused() {
        assertThatThrownBy(() -> ClassArchiveTraining.withDumpOptions(List.of("java", "-cp", "x", "Main"), Path.of("b"), Path.of("d")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void an_archive_is_trained_only_for_the_build_it_was_trained_on(@TempDir Path app) throws Exception {
        Path jar = Files.writeString(app.resolve("quarkus-run.jar"), "jar");
        assertThat(ClassArchiveTraining.isTrained(app)).isFalse();

        Path marker = Files.writeString(app.resolve(ClassArchiveTraining.MARKER), "trained");
        Files.setLastModifiedTime(marker, FileTime.from(Instant.now().minusSeconds(60)));
        Files.setLastModifiedTime(jar, FileTime.from(Instant.now().minusSeconds(120)));
        assertThat(ClassArchiveTraining.isTrained(app)).isTrue();

        Files.setLastModifiedTime(jar, FileTime.from(Instant.now()));
        assertThat(ClassArchiveTraining.isTrained(app)).as("rebuilt after training").isFalse();
    }

    @Test
    void a_service_that_never_gets_ready_leaves_the_build_time_archive_alone(@TempDir Path app) throws Exception {
        Files.writeString(app.resolve("quarkus-run.jar"), "not a jar");
        Path archive = Files.writeString(app.resolve(ClassArchiveTraining.ARCHIVE), "build-time archive");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();

        ClassArchiveTraining.ensureTrained(app, List.of(java, "-jar", "quarkus-run.jar"), Map.of(), 1);

        assertThat(archive).hasContent("build-time archive");
        assertThat(ClassArchiveTraining.isTrained(app)).isFalse();
        assertThat(app.resolve(ClassArchiveTraining.ARCHIVE + ".training")).doesNotExist();
    }
}
