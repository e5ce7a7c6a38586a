package dev.rewind.notifier.contacts;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.yaml.snakeyaml.nodes.Node;

import dev.rewind.events.EventType;
import dev.rewind.events.Role;
import dev.rewind.platform.config.ConfigFileException;
import dev.rewind.platform.config.YamlNodes;

/**
 * Reads the contacts file. Every mistake stops start-up with the file, the line and the entry
 * ({@code people[2].email}); {@code ${NAME}} in a URL or key is read from the environment, so
 * secrets can stay in a Kubernetes Secret.
 */
public final class ContactsFile {
    private static final Set<String> TOP = Set.of("people", "stakeholders", "users", "channels");
    private static final Set<String> PERSON = Set.of("name", "roles", "email", "phone", "chat", "pagerKey", "availability");
    private static final Set<String> HOURS = Set.of("hours", "days", "zone");
    private static final Set<String> USERS = Set.of("email", "chat", "support");
    private static final Set<String> CHANNELS = Set.of("chat", "mail", "pager", "webhooks");
    private static final Set<String> CHAT = Set.of("url", "mention");
    private static final Set<String> MAIL = Set.of("from");
    private static final Set<String> PAGER = Set.of("url", "routingKey");
    private static final Set<String> WEBHOOK = Set.of("name", "url", "types");
    private static final Pattern EMAIL = Pattern.compile("[^\\s@<>,;\"]+@[^\\s@<>,;\"]+\\.[^\\s@<>,;\"]+");
    private static final Pattern HANDLE = Pattern.compile("[@#]?[\\w.\\-]{1,80}");
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");
    private static final int MAX_FIELD = 500;

    private final YamlNodes yaml;
    private final Function<String, String> environment;

    private ContactsFile(String file, Function<String, String> environment) {
        this.yaml = new YamlNodes(file);
        this.environment = environment;
    }

    public static Contacts load(Path file) {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return new ContactsFile(file.toString(), System::getenv).read(reader);
        } catch (IOException e) {
            throw new ConfigFileException(file.toString(), 0, "file", "cannot be read: " + e.getMessage());
        }
    }

    public static Contacts parse(String name, String text, Function<String, String> environment) {
        return new ContactsFile(name, environment).read(new StringReader(text));
    }

    private Contacts read(Reader reader) {
        Node root = yaml.compose(reader);
        Map<String, Node> top = yaml.mapping(root, "", TOP);
        Contacts.ChannelSettings channels = channels(yaml.required(top, "channels", "", root));
        List<Person> people = people(yaml.required(top, "people", "", root), channels);
        List<String> stakeholders = yaml.optional(top, "stakeholders")
                .map(node -> texts(node, "stakeholders"))
                .orElse(Role.ids(List.of(Role.TECH_LEAD, Role.PRODUCT_MANAGER, Role.INFRASTRUCTURE_LEAD)));
        Contacts.Users users = yaml.optional(top, "users").map(this::users).orElse(new Contacts.Users(List.of(), false, null));
        if (users.chat() && channels.chat() == null) {
            throw yaml.error(top.get("users"), "users.chat", "needs channels.chat");
        }
        return new Contacts(people, stakeholders, users, channels);
    }

    private Contacts.ChannelSettings channels(Node node) {
        Map<String, Node> fields = yaml.mapping(node, "channels", CHANNELS);
        Contacts.Chat chat = yaml.optional(fields, "chat").map(n -> {
            Map<String, Node> c = yaml.mapping(n, "channels.chat", CHAT);
            return new Contacts.Chat(url(c, "url", "channels.chat", n),
                    yaml.optional(c, "mention").map(m -> handle(m, "channels.chat.mention")).orElse(null));
        }).orElse(null);
        Contacts.Mail mail = yaml.optional(fields, "mail").map(n -> {
            if (n instanceof org.yaml.snakeyaml.nodes.ScalarNode scalar && scalar.getValue().isEmpty()) {
                return new Contacts.Mail(null);
            }
            Map<String, Node> m = yaml.mapping(n, "channels.mail", MAIL);
            return new Contacts.Mail(yaml.optional(m, "from").map(f -> email(f, "channels.mail.from")).orElse(null));
        }).orElse(null);
        Contacts.Pager pager = yaml.optional(fields, "pager").map(n -> {
            Map<String, Node> p = yaml.mapping(n, "channels.pager", PAGER);
            return new Contacts.Pager(url(p, "url", "channels.pager", n),
                    yaml.optional(p, "routingKey").map(k -> secret(k, "channels.pager.routingKey")).orElse(null));
        }).orElse(null);
        List<Contacts.Webhook> webhooks = new ArrayList<>();
        Set<String> names = new HashSet<>();
        yaml.optional(fields, "webhooks").ifPresent(list -> {
            List<Node> entries = yaml.sequence(list, "channels.webhooks");
            for (int i = 0; i < entries.size(); i++) {
                String field = "channels.webhooks[" + i + "]";
                Map<String, Node> w = yaml.mapping(entries.get(i), field, WEBHOOK);
                String name = bounded(w, "name", field, entries.get(i));
                if (!names.add(name)) {
                    throw yaml.error(w.get("name"), field + ".name", "'" + name + "' is used twice");
                }
                Set<String> types = yaml.optional(w, "types").map(t -> eventTypes(t, field + ".types")).orElse(Set.of());
                webhooks.add(new Contacts.Webhook(name, url(w, "url", field, entries.get(i)), types));
            }
        });
        return new Contacts.ChannelSettings(chat, mail, pager, List.copyOf(webhooks));
    }

    private List<Person> people(Node node, Contacts.ChannelSettings channels) {
        List<Node> entries = yaml.sequence(node, "people");
        List<Person> people = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < entries.size(); i++) {
            String field = "people[" + i + "]";
            Node entry = entries.get(i);
            Map<String, Node> fields = yaml.mapping(entry, field, PERSON);
            String name = bounded(fields, "name", field, entry);
            if (!names.add(name)) {
                throw yaml.error(fields.get("name"), field + ".name", "'" + name + "' is listed twice");
            }
            List<String> roles = texts(yaml.required(fields, "roles", field, entry), field + ".roles");
            if (roles.isEmpty()) {
                throw yaml.error(fields.get("roles"), field + ".roles", "must name at least one role");
            }
            String email = yaml.optional(fields, "email").map(n -> email(n, field + ".email")).orElse(null);
            String phone = yaml.optional(fields, "phone").map(n -> singleLine(n, field + ".phone")).orElse(null);
            String chat = yaml.optional(fields, "chat").map(n -> handle(n, field + ".chat")).orElse(null);
            String pagerKey = yaml.optional(fields, "pagerKey").map(n -> secret(n, field + ".pagerKey")).orElse(null);
            Availability availability = yaml.optional(fields, "availability")
                    .map(n -> availability(n, field + ".availability")).orElse(new Availability.Always());
            Person person = new Person(name, new LinkedHashSet<>(roles), email, phone, chat, pagerKey, availability);
            if (person.reachableBy(channels).isEmpty()) {
                throw yaml.error(entry, field, "'" + name + "' cannot be reached: give an email, or a chat handle with "
                        + "channels.chat, or configure channels.pager");
            }
            people.add(person);
        }
        return List.copyOf(people);
    }

    private Contacts.Users users(Node node) {
        Map<String, Node> fields = yaml.mapping(node, "users", USERS);
        List<String> emails = yaml.optional(fields, "email").map(n -> {
            List<String> list = n instanceof org.yaml.snakeyaml.nodes.SequenceNode ? texts(n, "users.email") : List.of(yaml.scalar(n, "users.email"));
            for (String address : list) {
                if (!EMAIL.matcher(address).matches()) {
                    throw yaml.error(n, "users.email", "'" + address + "' is not an email address");
                }
            }
            return list;
        }).orElse(List.of());
        boolean chat = yaml.optional(fields, "chat").map(n -> yaml.bool(n, "users.chat")).orElse(false);
        String support = yaml.optional(fields, "support").map(n -> singleLine(n, "users.support")).orElse(null);
        return new Contacts.Users(emails, chat, support);
    }

    private Availability availability(Node node, String field) {
        if (node instanceof org.yaml.snakeyaml.nodes.ScalarNode) {
            String value = yaml.scalar(node, field).trim();
            if (value.equals("24/7")) {
                return new Availability.Always();
            }
            throw yaml.error(node, field, "must be 24/7 or { hours: \"09:00-17:00\", days: MON-FRI, zone: Europe/Paris }");
        }
        Map<String, Node> fields = yaml.mapping(node, field, HOURS);
        String hours = yaml.text(fields, "hours", field, node);
        String[] range = hours.split("-");
        LocalTime from;
        LocalTime to;
        try {
            from = LocalTime.parse(range[0].trim());
            to = LocalTime.parse(range[1].trim());
        } catch (RuntimeException e) {
            throw yaml.error(fields.get("hours"), field + ".hours", "must be like 09:00-17:00, not '" + hours + "'");
        }
        if (!from.isBefore(to)) {
            throw yaml.error(fields.get("hours"), field + ".hours", "must start before it ends");
        }
        Set<DayOfWeek> days = yaml.optional(fields, "days").map(n -> days(n, field + ".days"))
                .orElse(Availability.BusinessHours.WEEKDAYS);
        ZoneId zone;
        try {
            zone = ZoneId.of(yaml.text(fields, "zone", field, node));
        } catch (DateTimeException e) {
            throw yaml.error(fields.get("zone"), field + ".zone", "is not a time zone (e.g. Europe/Paris, UTC)");
        }
        return new Availability.BusinessHours(from, to, days, zone);
    }

    private Set<DayOfWeek> days(Node node, String field) {
        String value = yaml.scalar(node, field).trim().toUpperCase(Locale.ROOT);
        try {
            String[] range = value.split("-");
            DayOfWeek first = day(range[0]);
            DayOfWeek last = range.length > 1 ? day(range[1]) : first;
            Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
            for (DayOfWeek day = first; ; day = day.plus(1)) {
                days.add(day);
                if (day == last) {
                    return days;
                }
            }
        } catch (IllegalArgumentException e) {
            throw yaml.error(node, field, "must be a day or a range of days like MON-FRI, not '" + value + "'");
        }
    }

    private static DayOfWeek day(String prefix) {
        for (DayOfWeek day : DayOfWeek.values()) {
            if (prefix.length() >= 3 && day.name().startsWith(prefix.trim())) {
                return day;
            }
        }
        throw new IllegalArgumentException(prefix);
    }

    private List<String> texts(Node node, String field) {
        List<String> values = new ArrayList<>();
        for (Node item : yaml.sequence(node, field)) {
            String value = yaml.scalar(item, field).trim();
            if (value.isEmpty() || value.length() > 100) {
                throw yaml.error(item, field, "entries must be 1 to 100 characters");
            }
            values.add(value);
        }
        return List.copyOf(values);
    }

    private Set<String> eventTypes(Node node, String field) {
        Set<String> types = new LinkedHashSet<>();
        for (String type : texts(node, field)) {
            String wire = type.startsWith(EventType.PREFIX) ? type : EventType.PREFIX + type;
            if (EventType.fromWireName(wire).isEmpty()) {
                throw yaml.error(node, field, "'" + type + "' is not an event type of the contract");
            }
            types.add(wire);
        }
        return types;
    }

    private String bounded(Map<String, Node> fields, String key, String field, Node parent) {
        String value = yaml.text(fields, key, field, parent);
        if (value.length() > 100 || value.chars().anyMatch(Character::isISOControl)) {
            throw yaml.error(fields.get(key), field + "." + key, "must be one line of at most 100 characters");
        }
        return value;
    }

    private String singleLine(Node node, String field) {
        String value = yaml.scalar(node, field).trim();
        if (value.isEmpty() || value.length() > MAX_FIELD || value.chars().anyMatch(Character::isISOControl)) {
            throw yaml.error(node, field, "must be one line of 1 to " + MAX_FIELD + " characters");
        }
        return value;
    }

    private String email(Node node, String field) {
        String value = yaml.scalar(node, field).trim();
        if (!EMAIL.matcher(value).matches() || value.length() > 254) {
            throw yaml.error(node, field, "'" + value + "' is not an email address");
        }
        return value;
    }

    private String handle(Node node, String field) {
        String value = yaml.scalar(node, field).trim();
        if (!HANDLE.matcher(value).matches()) {
            throw yaml.error(node, field, "'" + value + "' is not a chat handle (like @alice)");
        }
        return value;
    }

    private String secret(Node node, String field) {
        return expand(node, field, singleLine(node, field));
    }

    private String url(Map<String, Node> fields, String key, String field, Node parent) {
        Node node = yaml.required(fields, key, field, parent);
        String value = expand(node, field + "." + key, yaml.scalar(node, field + "." + key).trim());
        try {
            URI uri = URI.create(value);
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                throw new IllegalArgumentException("not http(s)");
            }
        } catch (IllegalArgumentException e) {
            throw yaml.error(node, field + "." + key, "must be an http(s) URL, not '" + value + "'");
        }
        return value;
    }

    private String expand(Node node, String field, String value) {
        Matcher matcher = VARIABLE.matcher(value);
        StringBuilder expanded = new StringBuilder();
        while (matcher.find()) {
            String name = matcher.group(1);
            String replacement = Optional.ofNullable(environment.apply(name)).orElseThrow(
                    () -> yaml.error(node, field, "uses ${" + name + "}, which is not set in the environment"));
            matcher.appendReplacement(expanded, Matcher.quoteReplacement(replacement));
        }
        matcher.appendTail(expanded);
        return expanded.toString();
    }
}
