package dev.rewind.incident.application;

import java.util.UUID;

public class IncidentNotFoundException extends RuntimeException {
    public IncidentNotFoundException(UUID id) {
        super("no incident " + id);
    }
}
