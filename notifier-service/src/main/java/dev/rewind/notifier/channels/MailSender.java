package dev.rewind.notifier.channels;

import jakarta.enterprise.context.ApplicationScoped;

import dev.rewind.events.Channel;
import dev.rewind.notifier.contacts.Contacts;
import dev.rewind.notifier.delivery.DeliveryRecord;
import io.quarkus.mailer.Mail;
import io.quarkus.mailer.Mailer;
import io.vertx.ext.mail.SMTPException;

/**
 * SMTP mail through Quarkus Mailer ({@code quarkus.mailer.*}). A 5xx SMTP reply (say, an unknown
 * mailbox) is permanent; a 4xx reply or no server is transient. The delivery key travels as a header so
 * a duplicate after a crash can be recognised.
 */
@ApplicationScoped
public class MailSender implements Sender {
    public static final String DELIVERY_HEADER = "X-Rewind-Delivery";

    private final Mailer mailer;
    private final Contacts contacts;

    public MailSender(Mailer mailer, Contacts contacts) {
        this.mailer = mailer;
        this.contacts = contacts;
    }

    @Override
    public Channel channel() {
        return Channel.MAIL;
    }

    @Override
    public void send(DeliveryRecord delivery) throws DeliveryFailure {
        Mail mail = Mail.withText(delivery.address, delivery.subject, delivery.body)
                .addHeader(DELIVERY_HEADER, delivery.key)
                .addHeader("X-Rewind-Incident", delivery.incidentId.toString());
        if (delivery.calendar != null) {
            mail.addAttachment("invite.ics", delivery.calendar.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                    "text/calendar; charset=utf-8; method=REQUEST");
        }
        if (contacts.channels().mail() != null && contacts.channels().mail().from() != null) {
            mail.setFrom(contacts.channels().mail().from());
        }
        try {
            mailer.send(mail);
        } catch (RuntimeException e) {
            SMTPException smtp = smtpCause(e);
            if (smtp != null && smtp.isPermanent()) {
                throw DeliveryFailure.permanent("SMTP " + smtp.getReplyCode() + ": " + smtp.getMessage());
            }
            throw DeliveryFailure.transientFailure("SMTP: " + (smtp != null ? smtp.getMessage() : rootMessage(e)), null);
        }
    }

    private static SMTPException smtpCause(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SMTPException smtp) {
                return smtp;
            }
        }
        return null;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}
