package dev.rewind.platform.config;

/** An operator file that cannot be used; the message names the file, the line and the field. */
public class ConfigFileException extends RuntimeException {
    private final int line;
    private final String field;

    public ConfigFileException(String file, int line, String field, String problem) {
        super(file + ":" + line + ": " + field + " " + problem);
        this.line = line;
        this.field = field;
    }

    public int line() {
        return line;
    }

    public String field() {
        return field;
    }
}
