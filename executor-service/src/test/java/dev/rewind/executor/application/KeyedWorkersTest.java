package dev.rewind.executor.application;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class KeyedWorkersTest {
    @Test
    void one_deployment_runs_one_task_at_a_time_in_order_while_another_runs_beside_it() throws Exception {
        KeyedWorkers workers = new KeyedWorkers(2, "test");
        CountDownLatch release = new CountDownLatch(1);
        List<String> order = new CopyOnWriteArrayList<>();
        var first = workers.submit("a", () -> {
            release.await(5, TimeUnit.SECONDS);
            order.add("a1");
            return null;
        });
        var second = workers.submit("a", () -> order.add("a2"));
        var other = workers.submit("b", () -> order.add("b1"));

        other.get(5, TimeUnit.SECONDS);
        assertThat(order).containsExactly("b1");
        assertThat(second).isNotDone();
        release.countDown();
        second.get(5, TimeUnit.SECONDS);
        assertThat(first).isDone();
        assertThat(order).containsExactly("b1", "a1", "a2");
        workers.stop();
    }

    @Test
    void a_failed_task_does_not_stop_the_next_of_its_key() throws Exception {
        KeyedWorkers workers = new KeyedWorkers(1, "test");
        var failing = workers.submit("a", () -> {
            throw new IllegalStateException("boom");
        });
        assertThat(workers.submit("a", () -> "next").get(5, TimeUnit.SECONDS)).isEqualTo("next");
        assertThat(failing).isCompletedExceptionally();
        workers.stop();
    }
}
