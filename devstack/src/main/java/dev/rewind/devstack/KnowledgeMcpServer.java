package dev.rewind.devstack;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A small Knowledge MCP server (the demo's, and the verifier tests' peer) speaking JSON-RPC over Streamable HTTP on a real socket: it answers
 * {@code initialize} (with a session id), {@code tools/list} and {@code tools/call} of
 * {@code search_knowledge}, as JSON or as an event stream, fast, slowly, with errors, or not at all.
 */
public final class KnowledgeMcpServer implements AutoCloseable {
    public enum Behaviour { FAST, SLOW, TOOL_ERROR, HANG, EVENT_STREAM }

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpServer server;
    private volatile Behaviour behaviour = Behaviour.FAST;
    private final String session = UUID.randomUUID().toString();

    public KnowledgeMcpServer(int port) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.createContext("/mcp", this::handle);
        server.createContext("/health", exchange -> respond(exchange, 200, "application/json", "{\"status\":\"ok\"}"));
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.start();
    }

    public void behave(Behaviour next) {
        behaviour = next;
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/mcp";
    }

    public String healthUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/health";
    }

    private void handle(HttpExchange exchange) throws IOException {
        JsonNode request = JSON.readTree(exchange.getRequestBody());
        String method = request.path("method").asText();
        if (!request.has("id")) {
            respond(exchange, 202, "application/json", "");
            return;
        }
        if (!method.equals("initialize") && !session.equals(exchange.getRequestHeaders().getFirst("Mcp-Session-Id"))) {
            respond(exchange, 400, "application/json", "{\"error\":\"missing session\"}");
            return;
        }
        int id = request.path("id").asInt();
        String result = switch (method) {
            case "initialize" -> "{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{\"tools\":{}},\"serverInfo\":{\"name\":\"knowledge\",\"version\":\"1\"}}";
            case "tools/list" -> "{\"tools\":[{\"name\":\"search_knowledge\",\"description\":\"search\",\"inputSchema\":{\"type\":\"object\"}}]}";
            case "tools/call" -> call(request);
            default -> null;
        };
        if (result == null) {
            respond(exchange, 200, "application/json", "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"error\":{\"code\":-32601,\"message\":\"no such method\"}}");
            return;
        }
        exchange.getResponseHeaders().add("Mcp-Session-Id", session);
        String message = "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"result\":" + result + "}";
        if (behaviour == Behaviour.EVENT_STREAM) {
            respond(exchange, 200, "text/event-stream", "event: message\ndata: " + message + "\n\n");
        } else {
            respond(exchange, 200, "application/json", message);
        }
    }

    private String call(JsonNode request) {
        try {
            if (behaviour == Behaviour.SLOW) {
                Thread.sleep(2500);
            }
            if (behaviour == Behaviour.HANG) {
                Thread.sleep(60_000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (behaviour == Behaviour.TOOL_ERROR) {
            return "{\"isError\":true,\"content\":[{\"type\":\"text\",\"text\":\"index unavailable\"}]}";
        }
        String query = request.path("params").path("arguments").path("query").asText();
        return "{\"content\":[{\"type\":\"text\",\"text\":\"3 patterns for " + query + "\"}]}";
    }

    private static void respond(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
        exchange.close();
    }

    /** Serves until the process is terminated (the run script's demo). */
    static int serve(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 8090;
        KnowledgeMcpServer server = new KnowledgeMcpServer(port);
        System.out.println("[knowledge-mcp] serving " + server.url());
        Thread.currentThread().join();
        return 0;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
