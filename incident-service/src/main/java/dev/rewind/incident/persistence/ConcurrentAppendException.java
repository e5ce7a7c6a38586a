package dev.rewind.incident.persistence;

/** Someone else appended to the stream first: reload and decide again. */
public class ConcurrentAppendException extends RuntimeException {
    public ConcurrentAppendException(String message, Throwable cause) {
        super(message, cause);
    }
}
