package dev.rewind.incident.rest;

/** A request's own parameter or field refused (400, naming {@code field}); events refuse theirs with InvalidEventException. */
public class BadRequestException extends RuntimeException {
    private final String field;

    public BadRequestException(String field, String problem) {
        super(field + " " + problem);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
