package dev.rewind.notifier.contacts;

import java.io.IOException;
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
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import dev.rewind.events.EventType;
import dev.rewind.events.Role;
import dev.rewind.platform.config.ConfigFileException;
import dev.rewind.platform.config.ConfigValueException;
import dev.rewind.platform.config.ConfigValues;
import dev.rewind.platform.config.YamlBinding;

/**
 * The contacts file: its schema is the records below (README, "Contacts"). Every mistake stops start-up with the file,
 * the line and the entry ({@code people[2].email}); {@code ${NAME}} in a URL or key is read from the environment, so
 * secrets can stay in a Kubernetes Secret.
 */
public final class ContactsFile {
    private static final String EMAIL = "[^\\s@<>,;\"]+@[^\\s@<>,;\"]+\\.[^\\s@<>,;\"]+";
    private static final String NOT_EMAIL = "'%s' is not an email address";
    private static final String HANDLE = "[@#]?[\\w.\\-]{1,80}";
    private static final String NOT_HANDLE = "'%s' is not a chat handle (like @alice)";
    private static final String ONE_LINE = "\\s*\\P{Cntrl}{1,500}\\s*";
    private static final String NOT_ONE_LINE = "must be one line of 1 to 500 characters";
    private static final String NAME = "\\s*\\P{Cntrl}{1,100}\\s*";
    private static final String NOT_NAME = "must be one line of at most 100 characters";
    private static final String ENTRY = "\\s*\\S\\P{Cntrl}{0,99}";
    private static final String NOT_ENTRY = "entries must be 1 to 100 characters";
    private static final java.util.regex.Pattern VARIABLE = java.util.regex.Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");

    private ContactsFile() {
    }

    /** The whole file; {@code stakeholders} are roles, the runbook's three leads unless the file names others. */
    public record Document(@NotNull(message = "is required") List<@NotNull(message = "must be a mapping") @Valid PersonEntry> people,
                           List<@NotNull(message = NOT_ENTRY) @Pattern(regexp = ENTRY, message = NOT_ENTRY) String> stakeholders,
                           @Valid UsersEntry users, @NotNull(message = "is required") @Valid Channels channels) {
    }

    /** A person who may be told or asked: by role, on the channels they can be reached by. */
    public record PersonEntry(@NotBlank(message = "is required") @Pattern(regexp = NAME, message = NOT_NAME) String name,
                              @NotNull(message = "is required") @NotEmpty(message = "must name at least one role")
                              List<@NotNull(message = NOT_ENTRY) @Pattern(regexp = ENTRY, message = NOT_ENTRY) String> roles,
                              @Size(max = 254, message = NOT_EMAIL) @Pattern(regexp = "\\s*" + EMAIL + "\\s*", message = NOT_EMAIL) String email,
                              @Pattern(regexp = ONE_LINE, message = NOT_ONE_LINE) String phone,
                              @Pattern(regexp = "\\s*" + HANDLE + "\\s*", message = NOT_HANDLE) String chat,
                              @Pattern(regexp = ONE_LINE, message = NOT_ONE_LINE) String pagerKey,
                              @JsonDeserialize(using = AvailabilityReader.class) Availability availability) {
    }

    /**
     * Business hours: {@code { hours: "09:00-17:00", days: MON-FRI, zone: Europe/Paris }}. Read inside
     * {@link AvailabilityReader}, which checks what is required, so no constraint here would ever be validated.
     */
    public record Hours(String hours, String days, String zone) {
        Availability.BusinessHours toAvailability() {
            String[] range = hours.split("-");
            LocalTime from;
            LocalTime to;
            try {
                from = LocalTime.parse(range[0].trim());
                to = LocalTime.parse(range[1].trim());
            } catch (RuntimeException e) {
                throw new ConfigValueException("hours", "must be like 09:00-17:00, not '" + hours + "'");
            }
            if (!from.isBefore(to)) {
                throw new ConfigValueException("hours", "must start before it ends");
            }
            ZoneId timeZone;
            try {
                timeZone = ZoneId.of(zone.trim());
            } catch (DateTimeException e) {
                throw new ConfigValueException("zone", "is not a time zone (e.g. Europe/Paris, UTC)");
            }
            return new Availability.BusinessHours(from, to, days == null ? Availability.BusinessHours.WEEKDAYS : days(days), timeZone);
        }

        private static Set<DayOfWeek> days(String text) {
            String value = text.trim().toUpperCase(Locale.ROOT);
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
            } catch (IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
                throw new ConfigValueException("days", "must be a day or a range of days like MON-FRI, not '" + value + "'");
            }
        }

        private static DayOfWeek day(String prefix) {
            for (DayOfWeek day : DayOfWeek.values()) {
                if (prefix.trim().length() >= 3 && day.name().startsWith(prefix.trim())) {
                    return day;
                }
            }
            throw new IllegalArgumentException(prefix);
        }
    }

    /** {@code availability}: {@code 24/7}, or business hours ({@link Hours}). */
    static final class AvailabilityReader extends JsonDeserializer<Availability> {
        @Override
        public Availability deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            if (parser.currentToken() == JsonToken.START_OBJECT) {
                Hours hours = context.readValue(parser, Hours.class);
                if (hours.hours() == null || hours.zone() == null) {
                    throw new ConfigValueException(hours.hours() == null ? "hours" : "zone", "is required");
                }
                return hours.toAvailability();
            }
            if (parser.currentToken().isScalarValue() && "24/7".equals(parser.getText().trim())) {
                return new Availability.Always();
            }
            throw new ConfigValueException("must be 24/7 or { hours: \"09:00-17:00\", days: MON-FRI, zone: Europe/Paris }");
        }
    }

    /** The workflow's users, told when their workflow is back (runbook 3.3). */
    public record UsersEntry(@JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
                             List<@NotNull(message = NOT_EMAIL) @Pattern(regexp = "\\s*" + EMAIL + "\\s*", message = NOT_EMAIL) String> email,
                             Boolean chat, @Pattern(regexp = ONE_LINE, message = NOT_ONE_LINE) String support) {
    }

    /** The channels' endpoints; {@code mail:} with no value turns mail on with Quarkus Mailer's sender. */
    public record Channels(@Valid Chat chat, @Valid Mail mail, @Valid Pager pager,
                           List<@NotNull(message = "must be a mapping") @Valid Webhook> webhooks) {
    }

    public record Chat(@NotBlank(message = "is required") String url,
                       @Pattern(regexp = "\\s*" + HANDLE + "\\s*", message = NOT_HANDLE) String mention) {
    }

    public record Mail(@Size(max = 254, message = NOT_EMAIL) @Pattern(regexp = "\\s*" + EMAIL + "\\s*", message = NOT_EMAIL) String from) {
    }

    public record Pager(@NotBlank(message = "is required") String url, @Pattern(regexp = ONE_LINE, message = NOT_ONE_LINE) String routingKey) {
    }

    public record Webhook(@NotBlank(message = "is required") @Pattern(regexp = NAME, message = NOT_NAME) String name,
                          @NotBlank(message = "is required") String url,
                          List<@NotNull(message = NOT_ENTRY) @Pattern(regexp = ENTRY, message = NOT_ENTRY) String> types) {
    }

    public static Contacts load(Path file) {
        try {
            return parse(file.toString(), Files.readString(file, StandardCharsets.UTF_8), System::getenv);
        } catch (IOException e) {
            throw new ConfigFileException(file.toString(), 0, "file", "cannot be read: " + e.getMessage());
        }
    }

    public static Contacts parse(String name, String text, Function<String, String> environment) {
        YamlBinding.Bound<Document> bound = YamlBinding.bind(name, text, Document.class);
        return new Reading(bound.lines(), environment).contacts(bound.value());
    }

    /** The rules across entries, and the environment's values put in; each refusal at its line. */
    private record Reading(YamlBinding.Lines lines, Function<String, String> environment) {

        Contacts contacts(Document document) {
            Contacts.ChannelSettings channels = channels(document.channels());
            List<Person> people = people(document.people(), channels);
            List<String> stakeholders = document.stakeholders() == null
                    ? Role.ids(List.of(Role.TECH_LEAD, Role.PRODUCT_MANAGER, Role.INFRASTRUCTURE_LEAD))
                    : document.stakeholders().stream().map(String::trim).toList();
            UsersEntry users = document.users();
            Contacts.Users told = users == null ? new Contacts.Users(List.of(), false, null)
                    : new Contacts.Users(users.email() == null ? List.of() : users.email().stream().map(String::trim).toList(),
                    Boolean.TRUE.equals(users.chat()), trim(users.support()));
            if (told.chat() && channels.chat() == null) {
                throw lines.error("users.chat", "needs channels.chat");
            }
            return new Contacts(people, stakeholders, told, channels);
        }

        private Contacts.ChannelSettings channels(Channels c) {
            Contacts.Chat chat = c.chat() == null ? null
                    : new Contacts.Chat(url(c.chat().url(), "channels.chat.url"), trim(c.chat().mention()));
            Contacts.Mail mail = c.mail() != null ? new Contacts.Mail(trim(c.mail().from()))
                    : lines.has("channels.mail") ? new Contacts.Mail(null) : null;
            Contacts.Pager pager = c.pager() == null ? null : new Contacts.Pager(url(c.pager().url(), "channels.pager.url"),
                    c.pager().routingKey() == null ? null : expand(c.pager().routingKey().trim(), "channels.pager.routingKey"));
            List<Contacts.Webhook> webhooks = new ArrayList<>();
            Set<String> names = new HashSet<>();
            List<Webhook> entries = c.webhooks() == null ? List.of() : c.webhooks();
            for (int i = 0; i < entries.size(); i++) {
                String field = "channels.webhooks[" + i + "]";
                Webhook webhook = entries.get(i);
                String name = webhook.name().trim();
                if (!names.add(name)) {
                    throw lines.error(field + ".name", "'" + name + "' is used twice");
                }
                webhooks.add(new Contacts.Webhook(name, url(webhook.url(), field + ".url"), eventTypes(webhook.types(), field + ".types")));
            }
            return new Contacts.ChannelSettings(chat, mail, pager, List.copyOf(webhooks));
        }

        private List<Person> people(List<PersonEntry> entries, Contacts.ChannelSettings channels) {
            List<Person> people = new ArrayList<>();
            Set<String> names = new HashSet<>();
            for (int i = 0; i < entries.size(); i++) {
                String field = "people[" + i + "]";
                PersonEntry entry = entries.get(i);
                String name = entry.name().trim();
                if (!names.add(name)) {
                    throw lines.error(field + ".name", "'" + name + "' is listed twice");
                }
                Person person = new Person(name, new LinkedHashSet<>(entry.roles().stream().map(String::trim).toList()), trim(entry.email()),
                        trim(entry.phone()), trim(entry.chat()),
                        entry.pagerKey() == null ? null : expand(entry.pagerKey().trim(), field + ".pagerKey"),
                        entry.availability() == null ? new Availability.Always() : entry.availability());
                if (person.reachableBy(channels).isEmpty()) {
                    throw lines.error(field, "'" + name + "' cannot be reached: give an email, or a chat handle with "
                            + "channels.chat, or configure channels.pager");
                }
                people.add(person);
            }
            return List.copyOf(people);
        }

        private Set<String> eventTypes(List<String> types, String field) {
            Set<String> wire = new LinkedHashSet<>();
            for (String type : types == null ? List.<String>of() : types) {
                String name = type.trim().startsWith(EventType.PREFIX) ? type.trim() : EventType.PREFIX + type.trim();
                if (EventType.fromWireName(name).isEmpty()) {
                    throw lines.error(field, "'" + type.trim() + "' is not an event type of the contract");
                }
                wire.add(name);
            }
            return wire;
        }

        private String url(String value, String field) {
            String expanded = expand(value.trim(), field);
            try {
                return ConfigValues.httpUrl(expanded, null);
            } catch (ConfigValueException e) {
                throw lines.error(field, e.problem());
            }
        }

        private String expand(String value, String field) {
            Matcher matcher = VARIABLE.matcher(value);
            StringBuilder expanded = new StringBuilder();
            while (matcher.find()) {
                String variable = matcher.group(1);
                String replacement = Optional.ofNullable(environment.apply(variable)).orElseThrow(
                        () -> lines.error(field, "uses ${" + variable + "}, which is not set in the environment"));
                matcher.appendReplacement(expanded, Matcher.quoteReplacement(replacement));
            }
            matcher.appendTail(expanded);
            return expanded.toString();
        }

        private static String trim(String value) {
            return value == null ? null : value.trim();
        }
    }
}
