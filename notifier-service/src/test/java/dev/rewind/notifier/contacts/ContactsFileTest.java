package dev.rewind.notifier.contacts;

import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.rewind.events.Channel;
import dev.rewind.platform.config.ConfigFileException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ContactsFileTest {
    static final String CHANNELS = """
            channels:
              chat: { url: "https://chat.example.com/hooks/T1", mention: "@infrastructure-oncall" }
              mail: {}
              pager: { url: "https://events.example.com/v2/enqueue", routingKey: "${PAGER_KEY}" }
              webhooks:
                - { name: audit, url: "https://audit.example.com/rewind", types: [incident.opened, dev.rewind.rollback.completed] }
            """;

    static final String DOCUMENTED = """
            people:
              - name: Tess Lead
                roles: [tech-lead]
                email: tess@example.com
                phone: "+1 555 0101"
                chat: "@tess"
                availability: 24/7
              - name: Paula PM
                roles: [product-manager, qa-lead]
                email: pm@example.com
                availability: { hours: "09:00-17:00", days: MON-FRI, zone: Europe/Paris }
            users: { email: [users@example.com], chat: true, support: support@example.com }
            """ + CHANNELS;

    static Contacts parse(String text) {
        return ContactsFile.parse("contacts.yaml", text, Map.of("PAGER_KEY", "secret-key")::get);
    }

    static String errorOf(String text) {
        try {
            parse(text);
        } catch (ConfigFileException e) {
            return e.getMessage();
        }
        throw new AssertionError("accepted: " + text);
    }

    @Test
    void the_documented_example_reads_fully() {
        Contacts contacts = parse(DOCUMENTED);
        assertThat(contacts.people()).extracting(Person::name).containsExactly("Tess Lead", "Paula PM");
        assertThat(contacts.withRole("qa-lead")).extracting(Person::name).containsExactly("Paula PM");
        assertThat(contacts.stakeholderRoles()).containsExactly("tech-lead", "product-manager", "infrastructure-lead");
        assertThat(contacts.channels().pager().routingKey()).isEqualTo("secret-key");
        assertThat(contacts.channels().webhooks().get(0).types())
                .containsExactly("dev.rewind.incident.opened", "dev.rewind.rollback.completed");
        Person paula = contacts.people().get(1);
        assertThat(paula.availability().availableAt(Instant.parse("2026-11-25T10:00:00Z"))).isTrue();   // Wednesday 11:00 Paris
        assertThat(paula.availability().availableAt(Instant.parse("2026-11-25T17:30:00Z"))).isFalse();  // 18:30 Paris
        assertThat(paula.availability().availableAt(Instant.parse("2026-11-28T10:00:00Z"))).isFalse();  // Saturday
        assertThat(paula.reachableBy(contacts.channels())).containsExactly(Channel.PAGER, Channel.MAIL);
        assertThat(contacts.people().get(0).reachableBy(contacts.channels())).containsExactly(Channel.PAGER, Channel.CHAT, Channel.MAIL);
    }

    @Test
    void every_mistake_names_its_line_and_entry() {
        assertThat(errorOf("people:\n  - { name: A, roles: [tech-lead], email: not-an-address }\n" + CHANNELS))
                .isEqualTo("contacts.yaml:2: people[0].email 'not-an-address' is not an email address");
        assertThat(errorOf("people:\n  - { name: A, roles: [tech-lead], email: a@example.com }\n  - { name: A, roles: [qa-lead], email: b@example.com }\n" + CHANNELS))
                .startsWith("contacts.yaml:3: people[1].name 'A' is listed twice");
        assertThat(errorOf("people:\n  - { name: A, roles: [tech-lead], email: a@example.com, pager: x }\n" + CHANNELS))
                .startsWith("contacts.yaml:2: people[0].pager is not a known field");
        assertThat(errorOf("people:\n  - { name: A, roles: [tech-lead], email: a@example.com, availability: { hours: \"9-5\", zone: UTC } }\n" + CHANNELS))
                .startsWith("contacts.yaml:2: people[0].availability.hours must be like 09:00-17:00");
        assertThat(errorOf("people:\n  - { name: A, roles: [tech-lead], email: a@example.com, availability: { hours: \"09:00-17:00\", zone: Mars/Olympus } }\n" + CHANNELS))
                .startsWith("contacts.yaml:2: people[0].availability.zone is not a time zone");
        assertThat(errorOf("people:\n  - { name: A, roles: [tech-lead], chat: \"@a\" }\nchannels:\n  mail: {}\n"))
                .startsWith("contacts.yaml:2: people[0] 'A' cannot be reached");
        assertThat(errorOf("people: []\n" + CHANNELS.replace("${PAGER_KEY}", "${MISSING_KEY}")))
                .isEqualTo("contacts.yaml:5: channels.pager.routingKey uses ${MISSING_KEY}, which is not set in the environment");
        assertThat(errorOf("people: []\nchannels:\n  chat: { url: \"ftp://chat.example.com\" }\n"))
                .startsWith("contacts.yaml:3: channels.chat.url must be an http(s) URL");
        assertThat(errorOf("people: []\nchannels:\n  webhooks:\n    - { name: a, url: \"http://x.example.com\", types: [incident.exploded] }\n"))
                .startsWith("contacts.yaml:4: channels.webhooks[0].types 'incident.exploded' is not an event type");
        assertThat(errorOf("people:\n  - { name: \"A\", roles: [tech-lead], email: \"a@example.com\\r\\nBcc: all@example.com\" }\n" + CHANNELS))
                .contains("people[0].email");
        assertThat(errorOf("people: [\n")).startsWith("contacts.yaml:2: yaml");
    }

    @Test
    void every_key_of_the_schema_is_documented_in_the_readme() throws Exception {
        org.assertj.core.api.Assertions.assertThat(dev.rewind.testing.SchemaDocumentation.undocumented(ContactsFile.Document.class, "Contacts")).isEmpty();
    }

    static java.util.List<org.junit.jupiter.params.provider.Arguments> hostile() {
        return dev.rewind.testing.HostileYaml.variants(DOCUMENTED);
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.MethodSource("hostile")
    void a_hostile_file_is_refused_naming_its_line_and_field_or_read_never_a_crash(String description, String text) {
        dev.rewind.testing.HostileYaml.assertReadOrRefused(() -> parse(text), ConfigFileException.class, ConfigFileException::field,
                ConfigFileException::line);
    }

    @Test
    void the_file_shipped_with_the_kubernetes_manifests_reads() throws Exception {
        org.assertj.core.api.Assertions.assertThat(ContactsFile.parse("contacts.yaml", java.nio.file.Files.readString(dev.rewind.testing.RepositoryFiles.path("k8s/base/operator-files/contacts.yaml")), name -> "https://secret.example.com/" + name).people()).isNotEmpty();
    }
}
