package dev.rewind.incident.domain;

import java.util.Set;

/** Who issues a command, as the verified token says: a name and the roles of its groups claim. */
public record Actor(String name, Set<String> roles) {
    public Actor {
        roles = Set.copyOf(roles);
    }

    public boolean has(String role) {
        return roles.contains(role);
    }
}
