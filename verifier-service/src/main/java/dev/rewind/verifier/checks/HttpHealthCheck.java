package dev.rewind.verifier.checks;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Path;
import java.time.Duration;

import dev.rewind.events.CheckKind;

/** Runbook 2.5's curl: the URL answers the expected status within the timeout; a timeout is INCONCLUSIVE. */
public record HttpHealthCheck(String url, int expectedStatus, Duration timeout) implements Check {

    @Override
    public String name() {
        return "HTTP health: " + url;
    }

    @Override
    public CheckKind kind() {
        return CheckKind.HTTP_HEALTH;
    }

    @Override
    public CheckResult run(Path tree, String expectedVersion) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(timeout).build();
        long start = System.nanoTime();
        try {
            HttpResponse<Void> response = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(timeout).GET().build(),
                    HttpResponse.BodyHandlers.discarding());
            long millis = (System.nanoTime() - start) / 1_000_000;
            String found = "HTTP " + response.statusCode() + " in " + millis + " ms";
            return response.statusCode() == expectedStatus ? CheckResult.passed(name(), "HTTP " + expectedStatus, found)
                    : CheckResult.failed(name(), "HTTP " + expectedStatus, found, "unexpected status");
        } catch (HttpTimeoutException e) {
            return CheckResult.inconclusive(name(), "HTTP " + expectedStatus + " within " + timeout.toMillis() + " ms", "timed out");
        } catch (java.io.IOException e) {
            return CheckResult.failed(name(), "HTTP " + expectedStatus, "no answer", "connection failed: " + e.getMessage());
        }
    }
}
