package io.sluice.notifier.booking;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import net.fortuna.ical4j.model.Property;
import net.fortuna.ical4j.model.TimeZone;
import net.fortuna.ical4j.model.TimeZoneRegistry;
import net.fortuna.ical4j.model.TimeZoneRegistryFactory;
import net.fortuna.ical4j.model.component.Observance;
import net.fortuna.ical4j.model.component.VTimeZone;

/**
 * The {@code .ics} file attached to appointment mails (RFC 5545): one VEVENT whose UID is the booking code,
 * start and end in the site's zone with its VTIMEZONE, and the site's address as LOCATION. A cancellation
 * sends the same UID with METHOD:CANCEL and a higher SEQUENCE, so calendar apps remove the entry they added
 * from the confirmation.
 *
 * <p>The zone's VTIMEZONE comes from ical4j's bundled definitions, built and written once per zone; the
 * event itself is written here, a dozen lines: through ical4j's object model it cost a tenth of the CPU of
 * every confirmation (a zone lookup per date property), which a sell-out's thousands of mails pay.
 */
public final class AppointmentCalendar {

    public static final String PRODUCT_ID = "-//Sluice//Notifier//EN";

    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss");
    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final int MAX_LINE_OCTETS = 75;

    private final TimeZoneRegistry zones = TimeZoneRegistryFactory.getInstance().createRegistry();
    // The VTIMEZONE of a zone never changes while the process runs; building it is the costly part.
    private final Map<String, Optional<String>> timeZones = new ConcurrentHashMap<>();
    private final String organizerAddress;

    /** @param organizerAddress the sender's address; calendar apps need an organiser to accept a cancellation */
    public AppointmentCalendar(String organizerAddress) {
        this.organizerAddress = organizerAddress;
    }

    /** The event to add to a calendar. */
    public byte[] publish(Appointment appointment, String summary, String description) {
        return calendar(appointment, summary, description, "PUBLISH", "CONFIRMED", 0);
    }

    /** The same event, cancelled. */
    public byte[] cancel(Appointment appointment, String summary, String description) {
        return calendar(appointment, summary, description, "CANCEL", "CANCELLED", 1);
    }

    private byte[] calendar(Appointment appointment, String summary, String description, String method,
            String status, int sequence) {
        Optional<String> zone = timeZone(appointment.zone());
        StringBuilder ics = new StringBuilder(2048);
        line(ics, "BEGIN:VCALENDAR");
        line(ics, "PRODID:" + PRODUCT_ID);
        line(ics, "VERSION:2.0");
        line(ics, "CALSCALE:GREGORIAN");
        line(ics, "METHOD:" + method);
        zone.ifPresent(ics::append);
        line(ics, "BEGIN:VEVENT");
        line(ics, "DTSTAMP:" + UTC.format(Instant.now().truncatedTo(ChronoUnit.SECONDS)));
        line(ics, "UID:" + text(appointment.bookingCode()));
        if (zone.isPresent()) {
            line(ics, "DTSTART;TZID=" + appointment.zone() + ":" + LOCAL.format(appointment.startsAt()));
            line(ics, "DTEND;TZID=" + appointment.zone() + ":" + LOCAL.format(appointment.endsAt()));
        } else {
            // A zone ical4j does not know: UTC times are still correct, just shown without the zone's name.
            line(ics, "DTSTART:" + UTC.format(appointment.startsAt()));
            line(ics, "DTEND:" + UTC.format(appointment.endsAt()));
        }
        line(ics, "SUMMARY:" + text(summary));
        line(ics, "LOCATION:" + text(appointment.siteName() + ", " + appointment.siteAddress()));
        line(ics, "DESCRIPTION:" + text(description));
        line(ics, "STATUS:" + status);
        line(ics, "SEQUENCE:" + sequence);
        line(ics, "ORGANIZER:mailto:" + organizerAddress);
        line(ics, "END:VEVENT");
        line(ics, "END:VCALENDAR");
        return ics.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** A TEXT value (RFC 5545, 3.3.11): backslash, semicolon, comma and line breaks escaped. */
    static String text(String value) {
        StringBuilder escaped = new StringBuilder(value.length() + 8);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\', ';', ',' -> escaped.append('\\').append(c);
                case '\n' -> escaped.append("\\n");
                case '\r' -> { } // the \n of a \r\n says it
                default -> escaped.append(c);
            }
        }
        return escaped.toString();
    }

    /** Appends a content line folded after 75 octets (RFC 5545, 3.1), never inside a UTF-8 sequence. */
    static void line(StringBuilder ics, String content) {
        int octets = 0;
        for (int i = 0; i < content.length(); i++) {
            char c = content.charAt(i);
            int size = c < 0x80 ? 1 : c < 0x800 ? 2 : Character.isHighSurrogate(c) ? 4 : Character.isLowSurrogate(c) ? 0 : 3;
            if (octets + size > MAX_LINE_OCTETS) {
                ics.append("\r\n ");
                octets = 1;
            }
            ics.append(c);
            octets += size;
        }
        ics.append("\r\n");
    }

    private Optional<String> timeZone(String zoneId) {
        return timeZones.computeIfAbsent(zoneId, id -> {
            TimeZone zone = zones.getTimeZone(id);
            return Optional.ofNullable(zone).map(TimeZone::getVTimeZone).map(AppointmentCalendar::currentRules)
                    .map(VTimeZone::toString);
        });
    }

    /**
     * The zone's rules in force today, without its history back to 1893: a VTIMEZONE only has to cover
     * the events that use it (RFC 5545, 3.6.5), and the full one would triple every attachment. Keeps the
     * observances that recur without end (daylight saving time) or, for a zone without them, the last one.
     */
    static VTimeZone currentRules(VTimeZone full) {
        List<Observance> observances = full.getObservances();
        List<Observance> current = observances.stream()
                .filter(o -> o.getProperty(Property.RRULE).map(r -> !r.getValue().contains("UNTIL")).orElse(false))
                .toList();
        if (current.isEmpty()) {
            current = observances.stream()
                    .max(Comparator.comparing(o -> o.getProperty(Property.DTSTART).map(Property::getValue).orElse("")))
                    .map(List::of).orElse(List.of());
        }
        VTimeZone trimmed = new VTimeZone();
        full.getProperty(Property.TZID).ifPresent(trimmed::add);
        current.forEach(trimmed::add);
        return trimmed;
    }
}
