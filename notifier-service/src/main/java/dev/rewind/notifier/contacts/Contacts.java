package dev.rewind.notifier.contacts;

import java.util.List;
import java.util.Set;

/** The contacts file: people by role, who the stakeholders and users are, and the channels' endpoints. */
public record Contacts(List<Person> people, List<String> stakeholderRoles, Users users, ChannelSettings channels) {

    public List<Person> withRole(String role) {
        return people.stream().filter(person -> person.roles().contains(role)).toList();
    }

    /** The people who hold any of the roles, each once, in file order. */
    public List<Person> withAnyRole(List<String> roles) {
        return people.stream().filter(person -> roles.stream().anyMatch(person.roles()::contains)).toList();
    }

    /** The workflow's users, told when their workflow is back (runbook step 3.3). */
    public record Users(List<String> emails, boolean chat, String support) {
    }

    public record ChannelSettings(Chat chat, Mail mail, Pager pager, List<Webhook> webhooks) {
    }

    /** Slack-compatible incoming webhook; {@code mention} is the on-call group ({@code @infrastructure-oncall}). */
    public record Chat(String url, String mention) {
    }

    /** SMTP via Quarkus Mailer ({@code quarkus.mailer.*}); {@code from} overrides {@code quarkus.mailer.from}. */
    public record Mail(String from) {
    }

    /** PagerDuty Events API v2-compatible endpoint; a person's own {@code pagerKey} wins over {@code routingKey}. */
    public record Pager(String url, String routingKey) {
    }

    /** Receives the CloudEvents themselves; no {@code types} means every event. */
    public record Webhook(String name, String url, Set<String> types) {
        public boolean wants(String eventType) {
            return types.isEmpty() || types.contains(eventType);
        }
    }
}
