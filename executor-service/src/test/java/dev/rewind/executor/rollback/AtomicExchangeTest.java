package dev.rewind.executor.rollback;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** renameat2(RENAME_EXCHANGE) on this machine's file system: both entries swap; a refusal names errno and moves nothing. */
class AtomicExchangeTest {
    @TempDir
    Path dir;

    @Test
    void two_directories_swap_their_names_in_one_call() throws Exception {
        Path first = Files.createDirectories(dir.resolve("first"));
        Path second = Files.createDirectories(dir.resolve("second"));
        Files.writeString(first.resolve("which"), "first");
        Files.writeString(second.resolve("which"), "second");

        assertThat(AtomicExchange.available()).as("JNA loads here").isTrue();
        assertThat(AtomicExchange.exchange(first, second)).isTrue();

        assertThat(first.resolve("which")).hasContent("second");
        assertThat(second.resolve("which")).hasContent("first");
    }

    @Test
    void a_missing_side_is_refused_naming_errno_and_the_other_stays_where_it_was() throws Exception {
        Path present = Files.createDirectories(dir.resolve("present"));
        Files.writeString(present.resolve("file"), "kept");

        assertThatThrownBy(() -> AtomicExchange.exchange(present, dir.resolve("absent")))
                .isInstanceOf(java.io.IOException.class).hasMessageContaining("errno 2");

        assertThat(present.resolve("file")).hasContent("kept");
        assertThat(dir.resolve("absent")).doesNotExist();
    }
}
