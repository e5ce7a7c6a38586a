package dev.rewind.events;

/** An event or signal that breaks the contract; {@link #field()} names the offending field. */
public class InvalidEventException extends RuntimeException {
    private final String field;
    private final String problem;

    public InvalidEventException(String field, String problem) {
        super(field == null ? problem : field + " " + problem);
        this.field = field;
        this.problem = problem;
    }

    public InvalidEventException(String field, String problem, Throwable cause) {
        super(field == null ? problem : field + " " + problem, cause);
        this.field = field;
        this.problem = problem;
    }

    /** The JSON field at fault, or {@code null} when the whole input is at fault. */
    public String field() {
        return field;
    }

    public String problem() {
        return problem;
    }
}
