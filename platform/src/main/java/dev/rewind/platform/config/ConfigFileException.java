package dev.rewind.platform.config;

/**
 * An operator file that cannot be used; the message names the file, the line and the field, on one line: control
 * characters in what the file wrote are shown as {@code ?}, and a long value is clipped, so the log line stays whole.
 */
public class ConfigFileException extends RuntimeException {
    private static final int MAX_FIELD = 200;
    private static final int MAX_PROBLEM = 500;

    private final int line;
    private final String field;

    public ConfigFileException(String file, int line, String field, String problem) {
        super(file + ":" + line + ": " + oneLine(field, MAX_FIELD) + " " + oneLine(problem, MAX_PROBLEM));
        this.line = line;
        this.field = oneLine(field, MAX_FIELD);
    }

    public int line() {
        return line;
    }

    public String field() {
        return field;
    }

    static String oneLine(String text, int max) {
        String line = String.valueOf(text).replaceAll("\\p{Cntrl}", "?");
        return line.length() > max ? line.substring(0, max) + "…" : line;
    }
}
