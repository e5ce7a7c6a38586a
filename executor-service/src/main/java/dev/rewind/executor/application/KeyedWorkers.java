package dev.rewind.executor.application;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** A pool of threads where tasks of one key run one at a time, in the order given, and tasks of other keys in parallel. */
final class KeyedWorkers {
    private final ExecutorService pool;
    private final Map<String, CompletableFuture<?>> tails = new HashMap<>();

    KeyedWorkers(int threads, String name) {
        AtomicInteger count = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(threads, runnable -> {
            Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    synchronized <T> CompletableFuture<T> submit(String key, Callable<T> task) {
        CompletableFuture<?> tail = tails.getOrDefault(key, CompletableFuture.completedFuture(null));
        CompletableFuture<T> next = tail.handleAsync((previous, failure) -> {
            try {
                return task.call();
            } catch (Exception e) {
                throw new CompletionException(e);
            }
        }, pool);
        tails.put(key, next);
        next.whenComplete((result, failure) -> forget(key, next));
        return next;
    }

    private synchronized void forget(String key, CompletableFuture<?> done) {
        tails.remove(key, done);
    }

    void stop() throws InterruptedException {
        pool.shutdownNow();
        pool.awaitTermination(10, TimeUnit.SECONDS);
    }
}
