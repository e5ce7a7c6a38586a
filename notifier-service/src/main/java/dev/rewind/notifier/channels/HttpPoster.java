package dev.rewind.notifier.channels;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * POSTs a body and sorts the answer: 2xx delivered; 408, 429 and 5xx transient (with the server's
 * {@code Retry-After}, in seconds or as an HTTP date); any other status permanent; no answer in time
 * or a broken connection transient.
 */
@ApplicationScoped
public class HttpPoster {
    private static final int MAX_ANSWER_IN_REASON = 300;

    private final HttpClient client;
    private final Duration timeout;

    public HttpPoster(@ConfigProperty(name = "rewind.notifier.http.timeout", defaultValue = "PT10S") Duration timeout) {
        this.timeout = timeout;
        this.client = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    public void post(String url, String contentType, byte[] body) throws DeliveryFailure {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(timeout)
                .header("Content-Type", contentType)
                .header("User-Agent", "rewind-notifier")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        HttpResponse<String> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (HttpTimeoutException e) {
            throw DeliveryFailure.transientFailure("no answer from " + host(url) + " within " + timeout.toSeconds() + " s", null);
        } catch (IOException e) {
            throw DeliveryFailure.transientFailure("cannot reach " + host(url) + ": " + e, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw DeliveryFailure.transientFailure("interrupted", null);
        }
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return;
        }
        String reason = "HTTP " + status + " from " + host(url) + answer(response.body());
        if (status == 408 || status == 429 || status >= 500) {
            throw DeliveryFailure.transientFailure(reason, response.headers().firstValue("Retry-After").map(HttpPoster::retryAfter).orElse(null));
        }
        throw DeliveryFailure.permanent(reason);
    }

    static Duration retryAfter(String value) {
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(value.trim())));
        } catch (NumberFormatException notSeconds) {
            try {
                Instant at = ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                Duration wait = Duration.between(Instant.now(), at);
                return wait.isNegative() ? Duration.ZERO : wait;
            } catch (DateTimeParseException notADate) {
                return null;
            }
        }
    }

    private static String host(String url) {
        URI uri = URI.create(url);
        return uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "");
    }

    private static String answer(String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        String oneLine = body.replaceAll("\\s+", " ").strip();
        return ": " + (oneLine.length() > MAX_ANSWER_IN_REASON ? oneLine.substring(0, MAX_ANSWER_IN_REASON) + "…" : oneLine);
    }
}
