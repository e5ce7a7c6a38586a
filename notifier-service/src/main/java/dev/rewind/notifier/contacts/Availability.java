package dev.rewind.notifier.contacts;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Set;

/** When a person may be paged: always ({@code 24/7}) or during business hours in their time zone. */
public sealed interface Availability {

    boolean availableAt(Instant moment);

    record Always() implements Availability {
        @Override
        public boolean availableAt(Instant moment) {
            return true;
        }

        @Override
        public String toString() {
            return "24/7";
        }
    }

    record BusinessHours(LocalTime from, LocalTime to, Set<DayOfWeek> days, ZoneId zone) implements Availability {
        public static final Set<DayOfWeek> WEEKDAYS = Set.of(DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY,
                DayOfWeek.THURSDAY, DayOfWeek.FRIDAY);

        @Override
        public boolean availableAt(Instant moment) {
            ZonedDateTime local = moment.atZone(zone);
            LocalTime time = local.toLocalTime();
            return days.contains(local.getDayOfWeek()) && !time.isBefore(from) && time.isBefore(to);
        }

        @Override
        public String toString() {
            return "business hours " + from + "-" + to + " " + zone;
        }
    }
}
