package dev.rewind.verifier;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.rewind.devstack.KnowledgeMcpServer;
import dev.rewind.events.CheckStatus;
import dev.rewind.verifier.checks.CheckResult;
import dev.rewind.verifier.checks.McpQueryCheck;

import static org.assertj.core.api.Assertions.assertThat;

class McpQueryCheckTest {
    static KnowledgeMcpServer server;

    @BeforeAll
    static void start() throws Exception {
        server = new KnowledgeMcpServer(0);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"FAST, PASSED", "EVENT_STREAM, PASSED", "SLOW, FAILED", "TOOL_ERROR, FAILED", "HANG, INCONCLUSIVE"})
    void the_knowledge_query_is_judged_by_answer_and_latency(KnowledgeMcpServer.Behaviour behaviour, CheckStatus status) throws Exception {
        server.behave(behaviour);
        CheckResult result = new McpQueryCheck(server.url(), "search_knowledge", McpQueryCheck.RUNBOOK_QUERY,
                Duration.ofSeconds(2), Duration.ofSeconds(4)).run(Path.of("/"), null);
        assertThat(result.status()).as(result.toString()).isEqualTo(status);
        if (status == CheckStatus.PASSED) {
            assertThat(result.found()).contains("1 content item");
        }
    }

    @ParameterizedTest(name = "unknown tool")
    @CsvSource({"other_tool"})
    void a_tool_the_server_does_not_list_fails(String tool) throws Exception {
        server.behave(KnowledgeMcpServer.Behaviour.FAST);
        CheckResult result = new McpQueryCheck(server.url(), tool, "q", Duration.ofSeconds(2), Duration.ofSeconds(4)).run(Path.of("/"), null);
        assertThat(result.status()).isEqualTo(CheckStatus.FAILED);
        assertThat(result.detail()).contains("does not name " + tool);
    }

    @ParameterizedTest(name = "nothing listening")
    @CsvSource({"http://127.0.0.1:1/mcp"})
    void no_server_fails(String url) throws Exception {
        CheckResult result = new McpQueryCheck(url, "search_knowledge", "q", Duration.ofSeconds(2), Duration.ofSeconds(2)).run(Path.of("/"), null);
        assertThat(result.status()).isEqualTo(CheckStatus.FAILED);
    }
}
