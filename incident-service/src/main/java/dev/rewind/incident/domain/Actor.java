package dev.rewind.incident.domain;

import java.util.Set;

import dev.rewind.events.Identity;

/**
 * Who issues a command, as the verified token says: a display name, the roles of its groups claim, and the
 * identity (issuer + subject) that tells two people apart; {@code null} identity for a system actor.
 */
public record Actor(String name, Set<String> roles, Identity identity) {
    public Actor {
        roles = Set.copyOf(roles);
    }

    public Actor(String name, Set<String> roles) {
        this(name, roles, null);
    }

    public boolean has(String role) {
        return roles.contains(role);
    }

    /** The person, for "is it the same person?": issuer + subject where known, else the name. */
    public String person() {
        return Incident.person(identity, name);
    }
}
