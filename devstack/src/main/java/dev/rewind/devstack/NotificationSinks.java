package dev.rewind.devstack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;

import jakarta.mail.internet.MimeMessage;

/**
 * The demo's stand-ins for the team's mail server, chat, pager and audit webhook: a real SMTP server
 * (GreenMail) and a real HTTP server. Everything received is written to the inbox directory and
 * announced on stdout, so the demo can show what people would have been told.
 */
public final class NotificationSinks {

    private NotificationSinks() {
    }

    /** {@code notification-sinks SMTP_PORT HTTP_PORT INBOX_DIR}: runs until killed. */
    public static int serve(String[] args) throws Exception {
        int smtpPort = args.length > 0 ? Integer.parseInt(args[0]) : 2525;
        int httpPort = args.length > 1 ? Integer.parseInt(args[1]) : 8091;
        Path inbox = Path.of(args.length > 2 ? args[2] : ".rewind/demo/inbox").toAbsolutePath();
        Files.createDirectories(inbox);
        AtomicInteger counter = new AtomicInteger();
        GreenMail mail = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        mail.start();
        try (HttpSink http = new HttpSink(httpPort, request -> write(inbox, counter.incrementAndGet() + "-http" + request.path().replace('/', '-') + ".json",
                request.body(), "[" + request.path() + "] " + firstLine(request.body())))) {
            System.out.printf("notification sinks: SMTP 127.0.0.1:%d, HTTP 127.0.0.1:%d, inbox %s%n", smtpPort, http.port(), inbox);
            int seen = 0;
            while (true) {
                MimeMessage[] messages = mail.getReceivedMessages();
                for (; seen < messages.length; seen++) {
                    MimeMessage message = messages[seen];
                    String to = String.join(",", java.util.Arrays.stream(message.getAllRecipients()).map(Object::toString).toList());
                    write(inbox, counter.incrementAndGet() + "-mail-" + to.replaceAll("[^\\w.@-]", "_") + ".txt",
                            "To: " + to + "\nSubject: " + message.getSubject() + "\n\n" + GreenMailUtil.getBody(message),
                            "[mail to " + to + "] " + message.getSubject());
                }
                Thread.sleep(300);
            }
        } finally {
            mail.stop();
        }
    }

    private static void write(Path inbox, String name, String content, String announcement) {
        try {
            Files.writeString(inbox.resolve(name), content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            System.err.println("cannot write " + name + ": " + e.getMessage());
        }
        System.out.println(announcement);
        System.out.flush();
    }

    private static String firstLine(String body) {
        String line = body.strip().lines().findFirst().orElse("");
        return line.length() > 160 ? line.substring(0, 160) + "…" : line;
    }
}
