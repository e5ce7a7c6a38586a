package dev.rewind.incident.rest;

import java.util.Set;

import jakarta.enterprise.context.RequestScoped;

import org.eclipse.microprofile.jwt.JsonWebToken;

import dev.rewind.events.Identity;
import dev.rewind.incident.domain.Actor;

/** The authenticated caller: name, identity (issuer + subject) and roles come from the verified token, never from the body. */
@RequestScoped
public class Caller {
    private final JsonWebToken token;

    public Caller(JsonWebToken token) {
        this.token = token;
    }

    public Actor actor() {
        Set<String> groups = token.getGroups() == null ? Set.of() : token.getGroups();
        Identity identity = token.getIssuer() == null || token.getSubject() == null ? null
                : new Identity(token.getIssuer(), token.getSubject());
        return new Actor(token.getName(), groups, identity);
    }
}
