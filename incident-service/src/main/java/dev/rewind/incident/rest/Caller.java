package dev.rewind.incident.rest;

import java.util.Set;

import jakarta.enterprise.context.RequestScoped;

import org.eclipse.microprofile.jwt.JsonWebToken;

import dev.rewind.incident.domain.Actor;

/** The authenticated caller: identity and roles come from the verified token, never from the body. */
@RequestScoped
public class Caller {
    private final JsonWebToken token;

    public Caller(JsonWebToken token) {
        this.token = token;
    }

    public Actor actor() {
        Set<String> groups = token.getGroups() == null ? Set.of() : token.getGroups();
        return new Actor(token.getName(), groups);
    }
}
