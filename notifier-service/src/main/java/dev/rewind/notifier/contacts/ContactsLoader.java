package dev.rewind.notifier.contacts;

import java.nio.file.Path;

import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import dev.rewind.notifier.routing.Router;
import dev.rewind.platform.config.ConfigFileException;
import io.quarkus.runtime.StartupEvent;

/** Reads the contacts file ({@code rewind.contacts.path}) once, at start-up: a bad file stops the service. */
@Singleton
public class ContactsLoader {
    private static final Logger LOG = Logger.getLogger(ContactsLoader.class);

    @Produces
    @Singleton
    Contacts contacts(@ConfigProperty(name = "rewind.contacts.path") String path) {
        try {
            Contacts contacts = ContactsFile.load(Path.of(path));
            LOG.infof("contacts from %s: %d people, chat %s, mail %s, pager %s, %d webhooks", path, contacts.people().size(),
                    contacts.channels().chat() != null, contacts.channels().mail() != null, contacts.channels().pager() != null,
                    contacts.channels().webhooks().size());
            return contacts;
        } catch (ConfigFileException e) {
            LOG.errorf("invalid contacts file: %s", e.getMessage());
            throw e;
        }
    }

    @Produces
    @Singleton
    Router router(Contacts contacts) {
        return new Router(contacts);
    }

    void loadAtStartup(@Observes StartupEvent startup, Contacts contacts) {
        // injecting the contacts reads and checks the file now rather than at the first event
    }
}
