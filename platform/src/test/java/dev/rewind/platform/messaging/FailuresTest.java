package dev.rewind.platform.messaging;

import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.junit.jupiter.api.Test;

import dev.rewind.events.InvalidEventException;
import dev.rewind.events.Topics;

import static org.assertj.core.api.Assertions.assertThat;

class FailuresTest {
    @Test
    void what_can_only_be_waited_out_is_transient_however_deep_it_is_wrapped() {
        assertThat(Failures.classify(new RuntimeException(new SQLException("connection refused", "08001")))).isEqualTo(Failures.Kind.TRANSIENT);
        assertThat(Failures.classify(new IllegalStateException("tx", new SQLException("could not serialize", "40001"))))
                .isEqualTo(Failures.Kind.TRANSIENT);
        assertThat(Failures.classify(new SQLException("terminating connection due to administrator command", "57P01")))
                .isEqualTo(Failures.Kind.TRANSIENT);
        assertThat(Failures.classify(new SQLTransientConnectionException("Acquisition timeout"))).isEqualTo(Failures.Kind.TRANSIENT);
        assertThat(Failures.classify(new RuntimeException(new ConnectException("refused")))).isEqualTo(Failures.Kind.TRANSIENT);
        assertThat(Failures.classify(new NotEnoughReplicasException("later"))).isEqualTo(Failures.Kind.TRANSIENT);
    }

    @Test
    void a_contract_break_is_poison_and_the_rest_is_unknown() {
        assertThat(Failures.classify(new RuntimeException(new InvalidEventException("deployment", "bad")))).isEqualTo(Failures.Kind.POISON);
        assertThat(Failures.classify(new SQLException("invalid byte sequence for encoding UTF8: 0x00", "22021")))
                .isEqualTo(Failures.Kind.UNKNOWN);
        assertThat(Failures.classify(new TopicAuthorizationException("no"))).isEqualTo(Failures.Kind.UNKNOWN);
        assertThat(Failures.classify(new NullPointerException())).isEqualTo(Failures.Kind.UNKNOWN);
    }

    @Test
    void a_dead_letter_keeps_the_record_and_replaces_headers_the_sender_wrote() {
        ConsumerRecord<String, byte[]> record = new ConsumerRecord<>("rewind.phases", 3, 17L, "key", "value".getBytes(StandardCharsets.UTF_8));
        record.headers().add("content-type", "application/json".getBytes(StandardCharsets.UTF_8));
        record.headers().add(Topics.ERROR_HEADER, "forged".getBytes(StandardCharsets.UTF_8));
        var dead = DeadLetters.of(record, "line one\nline two " + "x".repeat(2000), "verifier-service", 5);
        assertThat(dead.topic()).isEqualTo("rewind.phases.dlq");
        assertThat(dead.key()).isEqualTo("key");
        assertThat(dead.value()).isEqualTo(record.value());
        assertThat(dead.headers().lastHeader("content-type")).isNotNull();
        assertThat(dead.headers().headers(Topics.ERROR_HEADER)).hasSize(1);
        String reason = new String(dead.headers().lastHeader(Topics.ERROR_HEADER).value(), StandardCharsets.UTF_8);
        assertThat(reason).startsWith("line one line two").hasSizeLessThanOrEqualTo(DeadLetters.MAX_REASON + 1);
        assertThat(new String(dead.headers().lastHeader(Topics.ATTEMPTS_HEADER).value(), StandardCharsets.UTF_8)).isEqualTo("5");
        assertThat(new String(dead.headers().lastHeader(Topics.ORIGIN_HEADER).value(), StandardCharsets.UTF_8)).isEqualTo("rewind.phases-3@17");
    }
}
