package dev.rewind.notifier.messages;

/** What a person reads: a subject line and a plain-text body, and an iCalendar invitation mailed with it, if any. */
public record Message(String subject, String body, String calendar) {
    public static final int MAX_SUBJECT = 200;

    public Message {
        subject = oneLine(subject);
    }

    public Message(String subject, String body) {
        this(subject, body, null);
    }

    public Message withCalendar(String ics) {
        return new Message(subject, body, ics);
    }

    /** A template's output: the first line is the subject, the rest (after blank lines) the body. */
    public static Message parse(String rendered) {
        String text = rendered.strip();
        int newline = text.indexOf('\n');
        if (newline < 0) {
            return new Message(text, text);
        }
        return new Message(text.substring(0, newline), text.substring(newline + 1).strip() + "\n");
    }

    private static String oneLine(String text) {
        String line = text.replaceAll("[\\r\\n\\t]+", " ").strip();
        return line.length() > MAX_SUBJECT ? line.substring(0, MAX_SUBJECT - 1) + "…" : line;
    }
}
