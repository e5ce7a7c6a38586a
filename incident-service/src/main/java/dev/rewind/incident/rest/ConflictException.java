package dev.rewind.incident.rest;

public class ConflictException extends RuntimeException {
    public ConflictException(String message) {
        super(message);
    }
}
