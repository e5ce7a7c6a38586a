package dev.rewind.events;

/**
 * Who a person is, as their verified token says: the token's issuer and subject together (a subject is
 * unique only within its issuer). Events that record an actor carry it beside the display name.
 */
public record Identity(String issuer, String subject) {
    public static final int MAX = 1024;

    public Identity {
        Require.plain(Require.text(issuer, "actorIdentity.issuer", MAX), "actorIdentity.issuer");
        Require.plain(Require.text(subject, "actorIdentity.subject", MAX), "actorIdentity.subject");
    }

    /** One string naming the person, for comparisons: "is this the same person?". */
    public String key() {
        return issuer + " " + subject;
    }
}
