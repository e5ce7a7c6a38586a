package dev.rewind.notifier.routing;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import dev.rewind.events.AuthorizationEvent.AuthorizationRequested;
import dev.rewind.events.Channel;
import dev.rewind.events.EventType;
import dev.rewind.events.IncidentEvent.IncidentAcknowledged;
import dev.rewind.events.IncidentEvent.IncidentClassified;
import dev.rewind.events.IncidentEvent.PostmortemScheduled;
import dev.rewind.events.IncidentEvent.IncidentEscalated;
import dev.rewind.events.IncidentEvent.IncidentOpened;
import dev.rewind.events.Origin;
import dev.rewind.events.RewindEvent;
import dev.rewind.events.Role;
import dev.rewind.events.Verdict;
import dev.rewind.events.VerificationEvent.VerificationCompleted;
import dev.rewind.notifier.contacts.Contacts;
import dev.rewind.notifier.contacts.Person;
import dev.rewind.notifier.routing.PlannedDelivery.PagerAction;

/**
 * Who hears about an event, on which channel, with which template — the runbook's communication plan
 * (step 1.1, the escalation path, step 3.3). One message per person per event; a person who already has
 * an open page for the incident is not paged again but mailed; a business-hours person is not paged
 * outside their hours unless the incident is tier 1.
 */
public final class Router {
    public static final List<String> LEADS = Role.ids(Role.LEADS);
    public static final String ON_CALL = "senior-oncall";
    public static final String TEAM_CHAT = "team-chat";

    private final Contacts contacts;

    public Router(Contacts contacts) {
        this.contacts = contacts;
    }

    /**
     * @param tier       the incident's tier as known so far, or null
     * @param openPages  the people with a page for this incident that is not yet resolved
     */
    public List<PlannedDelivery> route(RewindEvent event, Integer tier, Set<String> openPages) {
        return route(event, tier, openPages, false);
    }

    /**
     * @param restored whether this incident's rollback already completed: its topics are read by separate loops, so
     *                 the end of a rollback may be read before the event that pages; such a page is resolved at once
     */
    public List<PlannedDelivery> route(RewindEvent event, Integer tier, Set<String> openPages, boolean restored) {
        Integer tierNow = event instanceof IncidentClassified classified ? Integer.valueOf(classified.tier()) : tier;
        Plan plan = new Plan(event.occurredAt(), tierNow != null && tierNow == 1, openPages, restored);
        switch (event.type()) {
            case INCIDENT_OPENED -> {
                if (((IncidentOpened) event).origin() != Origin.SIGNAL) {
                    alert(plan);
                }
            }
            case INCIDENT_CLASSIFIED -> {
                IncidentClassified classified = (IncidentClassified) event;
                boolean worse = classified.previousTier() == null || classified.tier() < classified.previousTier();
                if (classified.tier() <= 2 && worse) {
                    alert(plan);
                }
            }
            case INCIDENT_ESCALATED -> plan.people(contacts.withRole(((IncidentEscalated) event).role()), Channel.PAGER, "escalation");
            case AUTHORIZATION_REQUESTED ->
                    plan.people(contacts.withAnyRole(((AuthorizationRequested) event).requiredRoles()), Channel.MAIL, "authorization-requested");
            case ROLLBACK_AUTHORIZED -> {
                plan.teamChat("rollback-started");
                plan.people(contacts.withAnyRole(contacts.stakeholderRoles()), Channel.MAIL, "rollback-started");
            }
            case INCIDENT_ACKNOWLEDGED -> {
                // only the acknowledger's level stops: the leads' pages stay open until they answer
                String role = ((IncidentAcknowledged) event).role();
                plan.pagerUpdate(PagerAction.ACKNOWLEDGE, "page-acknowledged", person -> role == null || person.roles().contains(role));
            }
            case ROLLBACK_COMPLETED -> {
                plan.users("all-clear");
                plan.pagerUpdate(PagerAction.RESOLVE, "page-resolved");
            }
            case INCIDENT_RESOLVED -> {
                // open pages are resolved first; the other stakeholders are told by mail that the incident ended, and why
                plan.pagerUpdate(PagerAction.RESOLVE, "page-resolved");
                plan.people(contacts.withAnyRole(contacts.stakeholderRoles()), Channel.MAIL, "incident-resolved");
            }
            case POSTMORTEM_SCHEDULED ->
                    plan.people(contacts.withAnyRole(((PostmortemScheduled) event).participants()), Channel.MAIL, "postmortem-invitation");
            case HEIGHTENED_MONITORING_STARTED, HEIGHTENED_MONITORING_ENDED -> {
                // the runbook's last step: the stakeholders hear when the hotfix's watch begins and how it ended
                String template = event.type() == EventType.HEIGHTENED_MONITORING_STARTED
                        ? "heightened-monitoring-started" : "heightened-monitoring-ended";
                plan.teamChat(template);
                plan.people(contacts.withAnyRole(contacts.stakeholderRoles()), Channel.MAIL, template);
            }
            case ROLLBACK_FAILED -> plan.people(contacts.withAnyRole(LEADS), Channel.PAGER, "rollback-failed");
            case VERIFICATION_COMPLETED -> {
                if (((VerificationCompleted) event).verdict() == Verdict.FAILED) {
                    plan.people(contacts.withAnyRole(LEADS), Channel.PAGER, "verification-failed");
                }
            }
            default -> {
            }
        }
        for (Contacts.Webhook webhook : contacts.channels().webhooks()) {
            if (webhook.wants(event.type().wireName())) {
                plan.add(new PlannedDelivery(Channel.WEBHOOK, webhook.name(), webhook.url(), PlannedDelivery.CLOUD_EVENT, null, List.of()));
            }
        }
        return plan.deliveries;
    }

    /** Runbook step 1.1: the on-call group in chat, the on-call engineer paged, the stakeholders mailed. */
    private void alert(Plan plan) {
        plan.teamChat("incident-alert");
        plan.people(contacts.withRole(ON_CALL), Channel.PAGER, "incident-alert");
        plan.people(contacts.withAnyRole(contacts.stakeholderRoles()), Channel.MAIL, "incident-alert");
    }

    private final class Plan {
        private final Instant at;
        private final boolean tierOne;
        private final Set<String> openPages;
        private final boolean restored;
        private final Set<String> told = new HashSet<>();
        private final List<PlannedDelivery> deliveries = new ArrayList<>();

        Plan(Instant at, boolean tierOne, Set<String> openPages, boolean restored) {
            this.at = at;
            this.tierOne = tierOne;
            this.openPages = openPages;
            this.restored = restored;
        }

        void add(PlannedDelivery delivery) {
            deliveries.add(delivery);
        }

        void teamChat(String template) {
            Contacts.Chat chat = contacts.channels().chat();
            if (chat != null && told.add(TEAM_CHAT)) {
                add(new PlannedDelivery(Channel.CHAT, TEAM_CHAT, chat.mention() == null ? "" : chat.mention(), template, null, List.of()));
            }
        }

        void users(String template) {
            if (contacts.users().chat()) {
                teamChat(template);
            }
            for (String email : contacts.users().emails()) {
                if (told.add(email)) {
                    add(new PlannedDelivery(Channel.MAIL, email, email, template, null, List.of()));
                }
            }
        }

        void people(List<Person> people, Channel wanted, String template) {
            for (Person person : people) {
                if (told.add(person.name())) {
                    person(person, wanted, template);
                }
            }
        }

        private void person(Person person, Channel wanted, String template) {
            List<Channel> reachable = new ArrayList<>(person.reachableBy(contacts.channels()));
            boolean mayPage = (tierOne || person.availability().availableAt(at)) && !openPages.contains(person.name());
            if (!mayPage) {
                reachable.remove(Channel.PAGER);
            }
            List<Channel> order = new ArrayList<>(preference(wanted == Channel.PAGER && !mayPage ? Channel.MAIL : wanted));
            order.retainAll(reachable);
            if (order.isEmpty()) {
                return;
            }
            Channel channel = order.remove(0);
            add(new PlannedDelivery(channel, person.name(), person.address(channel, contacts.channels()), template,
                    channel == Channel.PAGER ? PagerAction.TRIGGER : null, List.copyOf(order)));
            if (channel == Channel.PAGER && restored) {
                add(new PlannedDelivery(channel, person.name(), person.address(channel, contacts.channels()), "page-resolved",
                        PagerAction.RESOLVE, List.of()));
            }
        }

        void pagerUpdate(PagerAction action, String template) {
            pagerUpdate(action, template, person -> true);
        }

        void pagerUpdate(PagerAction action, String template, java.util.function.Predicate<Person> whom) {
            for (Person person : contacts.people()) {
                if (whom.test(person) && openPages.contains(person.name()) && person.reachableBy(contacts.channels()).contains(Channel.PAGER)
                        && told.add(person.name())) {
                    add(new PlannedDelivery(Channel.PAGER, person.name(), person.address(Channel.PAGER, contacts.channels()),
                            template, action, List.of()));
                }
            }
        }
    }

    /** The wanted channel first, then the others a failed delivery falls back to. */
    private static List<Channel> preference(Channel wanted) {
        return switch (wanted) {
            case PAGER -> List.of(Channel.PAGER, Channel.CHAT, Channel.MAIL);
            case MAIL -> List.of(Channel.MAIL, Channel.CHAT);
            case CHAT -> List.of(Channel.CHAT, Channel.MAIL);
            case WEBHOOK -> List.of(Channel.WEBHOOK);
        };
    }
}
