package dev.rewind.devstack;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A real HTTP server that receives webhook, chat and pager calls and keeps them. Each path answers
 * 200 unless told otherwise: a test can script answers (500, 429 with Retry-After, a hang) per path.
 */
public final class HttpSink implements AutoCloseable {
    private static final int MAX_BODY = 1024 * 1024;

    public record Received(Instant at, String method, String path, Map<String, List<String>> headers, String body) {
    }

    /** One scripted answer; {@code delay} longer than the client's timeout makes a hang. */
    public record Answer(int status, Map<String, String> headers, String body, Duration delay) {
        public static Answer status(int status) {
            return new Answer(status, Map.of(), "", Duration.ZERO);
        }

        public static Answer retryAfter(int status, String retryAfter) {
            return new Answer(status, Map.of("Retry-After", retryAfter), "", Duration.ZERO);
        }

        public static Answer hang(Duration delay) {
            return new Answer(200, Map.of(), "", delay);
        }
    }

    private final HttpServer server;
    private final List<Received> received = new ArrayList<>();
    private final Map<String, Deque<Answer>> scripts = new ConcurrentHashMap<>();
    private final Consumer<Received> listener;

    public HttpSink(int port, Consumer<Received> listener) throws IOException {
        this.listener = listener;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 50);
        server.setExecutor(Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "http-sink");
            thread.setDaemon(true);
            return thread;
        }));
        server.createContext("/", this::handle);
        server.start();
    }

    public HttpSink() throws IOException {
        this(0, received -> {
        });
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public String url(String path) {
        return "http://127.0.0.1:" + port() + path;
    }

    /** The next calls to the path get these answers, in order; after them, 200 again. */
    public void script(String path, Answer... answers) {
        script(path, "", answers);
    }

    /** As {@link #script(String, Answer...)}, but only for calls whose body contains the text. */
    public void script(String path, String bodyContains, Answer... answers) {
        Deque<Answer> queue = scripts.computeIfAbsent(key(path, bodyContains), p -> new ArrayDeque<>());
        synchronized (queue) {
            queue.addAll(List.of(answers));
        }
    }

    public synchronized List<Received> received(String path) {
        return received.stream().filter(r -> r.path().equals(path)).toList();
    }

    public synchronized List<Received> received() {
        return List.copyOf(received);
    }

    public synchronized void clear() {
        received.clear();
        scripts.clear();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body;
            try (InputStream in = exchange.getRequestBody()) {
                body = new String(in.readNBytes(MAX_BODY), StandardCharsets.UTF_8);
            }
            String path = exchange.getRequestURI().getPath();
            Received request = new Received(Instant.now(), exchange.getRequestMethod(), path, Map.copyOf(exchange.getRequestHeaders()), body);
            synchronized (this) {
                received.add(request);
            }
            listener.accept(request);
            Answer answer = next(path, body);
            if (!answer.delay().isZero()) {
                Thread.sleep(answer.delay().toMillis());
            }
            answer.headers().forEach(exchange.getResponseHeaders()::add);
            byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String key(String path, String bodyContains) {
        return path + "\u0000" + bodyContains;
    }

    private Answer next(String path, String body) {
        for (Map.Entry<String, Deque<Answer>> script : scripts.entrySet()) {
            String[] parts = script.getKey().split("\u0000", -1);
            if (!parts[0].equals(path) || !body.contains(parts[1])) {
                continue;
            }
            Deque<Answer> queue = script.getValue();
            synchronized (queue) {
                Answer answer = queue.poll();
                if (answer != null) {
                    return answer;
                }
            }
        }
        return Answer.status(200);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
