package dev.rewind.platform.config;

/**
 * A value of an operator file that its type refuses, thrown while the file is bound (by a deserializer or a record's
 * constructor); {@link YamlBinding} adds the file, the line and the path. {@code field} names a field below the
 * value being built, for a rule across its fields; null names the value itself.
 */
public class ConfigValueException extends RuntimeException {
    private final String field;

    public ConfigValueException(String problem) {
        this(null, problem);
    }

    public ConfigValueException(String field, String problem) {
        super(problem);
        this.field = field;
    }

    public String field() {
        return field;
    }

    public String problem() {
        return getMessage();
    }
}
