package dev.rewind.verifier.checks;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.rewind.events.CheckKind;

/**
 * Runbook 2.5 and smoke test 2, for real: the Model Context Protocol over Streamable HTTP —
 * {@code initialize}, {@code notifications/initialized}, {@code tools/list}, then {@code tools/call} of
 * the knowledge search tool with the runbook's query, judged against the latency limit (2 s by default).
 * Answers may come as JSON or as a server-sent event stream; the session id header is carried along.
 */
public record McpQueryCheck(String url, String tool, String query, Duration latencyLimit, Duration timeout) implements Check {
    public static final String RUNBOOK_QUERY = "RAG architecture patterns";
    public static final String PROTOCOL_VERSION = "2025-06-18";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public String name() {
        return "Knowledge MCP answers: " + tool;
    }

    @Override
    public CheckKind kind() {
        return CheckKind.KNOWLEDGE_MCP;
    }

    @Override
    public CheckResult run(Path tree, String expectedVersion) throws Exception {
        String expected = "a result from " + tool + " within " + latencyLimit.toMillis() + " ms";
        HttpClient http = HttpClient.newBuilder().connectTimeout(timeout).build();
        try {
            Session session = new Session(http);
            session.call(1, "initialize", JSON.createObjectNode().put("protocolVersion", PROTOCOL_VERSION)
                    .set("capabilities", JSON.createObjectNode()), true);
            session.notify("notifications/initialized");
            JsonNode tools = session.call(2, "tools/list", JSON.createObjectNode(), false);
            boolean listed = false;
            for (JsonNode listedTool : tools.path("result").path("tools")) {
                listed |= tool.equals(listedTool.path("name").asText());
            }
            if (!listed) {
                return CheckResult.failed(name(), expected, "tool not listed", "tools/list does not name " + tool);
            }
            ObjectNode params = JSON.createObjectNode().put("name", tool);
            params.set("arguments", JSON.createObjectNode().put("query", query));
            long start = System.nanoTime();
            JsonNode answer = session.call(3, "tools/call", params, false);
            long millis = (System.nanoTime() - start) / 1_000_000;
            if (answer.has("error")) {
                return CheckResult.failed(name(), expected, "JSON-RPC error", answer.get("error").toString());
            }
            if (answer.path("result").path("isError").asBoolean(false)) {
                return CheckResult.failed(name(), expected, "tool error", answer.path("result").path("content").toString());
            }
            int items = answer.path("result").path("content").size();
            String found = items + " content item(s) in " + millis + " ms";
            if (items == 0) {
                return CheckResult.failed(name(), expected, found, "the query '" + query + "' returned nothing");
            }
            return millis <= latencyLimit.toMillis() ? CheckResult.passed(name(), expected, found)
                    : CheckResult.failed(name(), expected, found, "slower than " + latencyLimit.toMillis() + " ms");
        } catch (HttpTimeoutException e) {
            return CheckResult.inconclusive(name(), expected, "timed out after " + timeout.toMillis() + " ms");
        } catch (IOException e) {
            return CheckResult.failed(name(), expected, "no answer", e.getMessage());
        }
    }

    private final class Session {
        private final HttpClient http;
        private String sessionId;

        Session(HttpClient http) {
            this.http = http;
        }

        JsonNode call(int id, String method, ObjectNode params, boolean initialize) throws IOException, InterruptedException {
            if (initialize) {
                params.set("clientInfo", JSON.createObjectNode().put("name", "rewind-verifier").put("version", "0.1.0"));
            }
            ObjectNode request = JSON.createObjectNode().put("jsonrpc", "2.0").put("id", id).put("method", method);
            request.set("params", params);
            HttpResponse<String> response = post(request);
            if (response.statusCode() / 100 != 2) {
                throw new IOException(method + ": HTTP " + response.statusCode());
            }
            response.headers().firstValue("Mcp-Session-Id").ifPresent(value -> sessionId = value);
            return message(response, id).orElseThrow(() -> new IOException(method + ": no JSON-RPC response with id " + id));
        }

        void notify(String method) throws IOException, InterruptedException {
            post(JSON.createObjectNode().put("jsonrpc", "2.0").put("method", method));
        }

        private HttpResponse<String> post(ObjectNode body) throws IOException, InterruptedException {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(timeout)
                    .header("Content-Type", "application/json")
                    .header("Accept", "application/json, text/event-stream")
                    .header("MCP-Protocol-Version", PROTOCOL_VERSION)
                    .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
            if (sessionId != null) {
                request.header("Mcp-Session-Id", sessionId);
            }
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }

        private Optional<JsonNode> message(HttpResponse<String> response, int id) throws IOException {
            String type = response.headers().firstValue("Content-Type").orElse("");
            if (type.startsWith("text/event-stream")) {
                for (String line : response.body().split("\n")) {
                    if (line.startsWith("data:")) {
                        JsonNode node = JSON.readTree(line.substring(5).trim());
                        if (node.path("id").asInt(-1) == id) {
                            return Optional.of(node);
                        }
                    }
                }
                return Optional.empty();
            }
            JsonNode node = JSON.readTree(response.body());
            return node.path("id").asInt(-1) == id ? Optional.of(node) : Optional.empty();
        }
    }
}
