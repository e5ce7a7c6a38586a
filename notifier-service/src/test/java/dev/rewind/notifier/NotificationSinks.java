package dev.rewind.notifier;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import dev.rewind.devstack.HttpSink;
import dev.rewind.testing.LocalInfra;

/**
 * Real servers for the notifier's channels: GreenMail for SMTP, an HTTP sink for chat, pager and the
 * audit webhook. Writes the contacts file pointing at them, and an operator template that is broken on
 * purpose ({@code escalation.txt}) to prove the plain fallback.
 */
public class NotificationSinks extends LocalInfra {
    public static GreenMail mail;
    public static HttpSink http;
    public static int smtpPort;

    @Override
    public Map<String, String> start() {
        Map<String, String> base = super.start();
        try {
            smtpPort = freePort();
            startMail();
            http = new HttpSink();
            Path dir = Files.createTempDirectory("rewind-notifier-test");
            Path contacts = dir.resolve("contacts.yaml");
            Files.writeString(contacts, contactsFile(http));
            Path templates = Files.createDirectories(dir.resolve("templates"));
            Files.writeString(templates.resolve("escalation.txt"), "Paged: {incident.noSuchFact.deeper}\n\nbody\n");
            Map<String, String> config = new java.util.HashMap<>(base);
            config.putAll(Map.of(
                    "rewind.contacts.path", contacts.toString(),
                    "rewind.notifier.templates.dir", templates.toString(),
                    "quarkus.mailer.port", String.valueOf(smtpPort),
                    "rewind.notifier.retry.initial-delay", "PT0.3S",
                    "rewind.notifier.retry.max-attempts", "6",
                    "rewind.notifier.http.timeout", "PT2S"));
            return config;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static void startMail() {
        mail = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        mail.start();
    }

    static String contactsFile(HttpSink http) {
        return """
                people:
                  - { name: Olivia Oncall, roles: [senior-oncall], email: oncall@test.example, chat: "@olivia", availability: 24/7 }
                  - { name: Tess Lead, roles: [tech-lead], email: tess@test.example, chat: "@tess" }
                  - { name: Ivan Infra, roles: [infrastructure-lead], email: ivan@test.example, pagerKey: ivan-key }
                  - name: Paula PM
                    roles: [product-manager]
                    email: pm@test.example
                    availability: { hours: "09:00-17:00", days: MON-FRI, zone: Europe/Paris }
                stakeholders: [tech-lead, product-manager, infrastructure-lead]
                users: { email: [users@test.example], chat: true, support: support@test.example }
                channels:
                  chat: { url: "%s", mention: "@infrastructure-oncall" }
                  mail: { from: rewind@test.example }
                  pager: { url: "%s", routingKey: team-key }
                  webhooks:
                    - { name: audit, url: "%s" }
                """.formatted(http.url("/chat"), http.url("/pager"), http.url("/audit"));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void stop() {
        if (mail != null) {
            mail.stop();
        }
        if (http != null) {
            http.close();
        }
    }
}
