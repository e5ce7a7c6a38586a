package dev.rewind.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.mail.internet.MimeMessage;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import dev.rewind.devstack.HttpSink;

/**
 * Real servers for the notifier's channels: GreenMail for SMTP and an HTTP sink for chat
 * ({@code /chat}), pager ({@code /pager}) and an audit webhook ({@code /audit}), plus the contacts file
 * that points at them: an on-call engineer, both leads, a business-hours product manager, the users.
 */
public final class ChannelSinks implements AutoCloseable {
    public static final String DELIVERY_HEADER = "X-Rewind-Delivery";

    private final int smtpPort;
    private final HttpSink http;
    private GreenMail mail;

    public ChannelSinks() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            smtpPort = socket.getLocalPort();
        }
        startMail();
        http = new HttpSink();
    }

    /**
     * The contacts' addresses, given their mailboxes before the first mail: GreenMail makes a mailbox on a first mail to an
     * address, and sessions doing so at once have made an SMTP send time out twice in a row.
     */
    private static final List<String> ADDRESSES = List.of("oncall@test.example", "tess@test.example", "ivan@test.example",
            "pm@test.example", "users@test.example");

    public void startMail() {
        mail = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        mail.start();
        ADDRESSES.forEach(address -> mail.setUser(address, address, address));
    }

    public void stopMail() {
        mail.stop();
    }

    public int smtpPort() {
        return smtpPort;
    }

    public HttpSink http() {
        return http;
    }

    public List<MimeMessage> mails() {
        return List.of(mail.getReceivedMessages());
    }

    /** The mails sent for one event (the delivery key starts with the event's id). */
    public List<MimeMessage> mailsAbout(UUID sourceEvent) {
        return mails().stream().filter(m -> {
            try {
                String[] header = m.getHeader(DELIVERY_HEADER);
                return header != null && header[0].startsWith(sourceEvent.toString());
            } catch (Exception e) {
                return false;
            }
        }).toList();
    }

    public List<MimeMessage> mailsTo(String address) {
        return mails().stream().filter(m -> {
            try {
                return Arrays.stream(m.getAllRecipients()).anyMatch(r -> r.toString().equals(address));
            } catch (Exception e) {
                return false;
            }
        }).toList();
    }

    /** Writes the contacts file into the directory and returns its path. */
    public Path writeContacts(Path directory) throws IOException {
        Path contacts = directory.resolve("contacts.yaml");
        Files.writeString(contacts, """
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
                """.formatted(http.url("/chat"), http.url("/pager"), http.url("/audit")));
        return contacts;
    }

    /** The environment a notifier-service process needs to use these sinks. */
    public Map<String, String> notifierEnvironment(Path directory) throws IOException {
        return Map.of("REWIND_CONTACTS_PATH", writeContacts(directory).toString(),
                "QUARKUS_MAILER_PORT", String.valueOf(smtpPort),
                "REWIND_NOTIFIER_RETRY_INITIAL_DELAY", "PT0.3S");
    }

    @Override
    public void close() {
        mail.stop();
        http.close();
    }
}
