package dev.rewind.notifier;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import dev.rewind.testing.ChannelSinks;
import dev.rewind.testing.LocalInfra;
import dev.rewind.testing.SharedDatabase;

/**
 * The channel sinks for {@code @QuarkusTest}s, with the contacts file pointing at them and an operator
 * template that is broken on purpose ({@code escalation.txt}) to prove the plain fallback; deliveries other runs left
 * pending are abandoned.
 */
public class NotificationSinks extends LocalInfra {
    public static ChannelSinks sinks;

    @Override
    public Map<String, String> start() {
        // LocalInfra gives the notifier groups of its own at the end of the topics: the broker's earlier events
        // (thousands of incidents) are not worked off first
        Map<String, String> config = new HashMap<>(super.start());
        SharedDatabase.abandonPendingDeliveries();
        try {
            sinks = new ChannelSinks();
            Path dir = Files.createTempDirectory("rewind-notifier-test");
            Path templates = Files.createDirectories(dir.resolve("templates"));
            Files.writeString(templates.resolve("escalation.txt"), "Paged: {incident.noSuchFact.deeper}\n\nbody\n");
            config.put("rewind.contacts.path", sinks.writeContacts(dir).toString());
            config.put("rewind.notifier.templates.dir", templates.toString());
            config.put("quarkus.mailer.port", String.valueOf(sinks.smtpPort()));
            config.put("rewind.notifier.retry.initial-delay", "PT0.3S");
            config.put("rewind.notifier.retry.max-attempts", "6");
            config.put("rewind.notifier.http.timeout", "PT2S");
            config.put("rewind.notifier.max-event-age", "P30D");
            return config;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void stop() {
        if (sinks != null) {
            sinks.close();
        }
    }
}
