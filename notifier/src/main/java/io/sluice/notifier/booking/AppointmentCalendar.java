package io.sluice.notifier.booking;

import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.Property;
import net.fortuna.ical4j.model.TimeZone;
import net.fortuna.ical4j.model.TimeZoneRegistry;
import net.fortuna.ical4j.model.TimeZoneRegistryFactory;
import net.fortuna.ical4j.model.component.Observance;
import net.fortuna.ical4j.model.component.VEvent;
import net.fortuna.ical4j.model.component.VTimeZone;
import net.fortuna.ical4j.model.property.Description;
import net.fortuna.ical4j.model.property.Location;
import net.fortuna.ical4j.model.property.Method;
import net.fortuna.ical4j.model.property.Organizer;
import net.fortuna.ical4j.model.property.Sequence;
import net.fortuna.ical4j.model.property.Status;
import net.fortuna.ical4j.model.property.Uid;

/**
 * The {@code .ics} file attached to appointment mails (RFC 5545, via ical4j): one VEVENT whose UID is the
 * booking code, start and end in the site's zone with its VTIMEZONE, and the site's address as LOCATION.
 * A cancellation sends the same UID with METHOD:CANCEL and a higher SEQUENCE, so calendar apps remove
 * the entry they added from the confirmation.
 */
public final class AppointmentCalendar {

    public static final String PRODUCT_ID = "-//Sluice//Notifier//EN";

    private final TimeZoneRegistry zones = TimeZoneRegistryFactory.getInstance().createRegistry();
    // The VTIMEZONE of a zone never changes while the process runs; building it is the costly part.
    private final Map<String, Optional<VTimeZone>> timeZones = new ConcurrentHashMap<>();
    private final String organizerAddress;

    /** @param organizerAddress the sender's address; calendar apps need an organiser to accept a cancellation */
    public AppointmentCalendar(String organizerAddress) {
        this.organizerAddress = organizerAddress;
    }

    /** The event to add to a calendar. */
    public byte[] publish(Appointment appointment, String summary, String description) {
        return calendar(appointment, summary, description, Method.VALUE_PUBLISH, Status.VALUE_CONFIRMED, 0);
    }

    /** The same event, cancelled. */
    public byte[] cancel(Appointment appointment, String summary, String description) {
        return calendar(appointment, summary, description, Method.VALUE_CANCEL, Status.VALUE_CANCELLED, 1);
    }

    private byte[] calendar(Appointment appointment, String summary, String description, String method,
            String status, int sequence) {
        Optional<VTimeZone> zone = timeZone(appointment.zone());
        VEvent event = zone.isPresent()
                ? new VEvent(appointment.startsAt(), appointment.endsAt(), summary)
                // A zone ical4j does not know: UTC times are still correct, just shown without the zone's name.
                : new VEvent(appointment.startsAt().toInstant(), appointment.endsAt().toInstant(), summary);
        event.add(new Uid(appointment.bookingCode()));
        event.add(new Location(appointment.siteName() + ", " + appointment.siteAddress()));
        event.add(new Description(description));
        event.add(new Status(status));
        event.add(new Sequence(sequence));
        event.add(new Organizer("mailto:" + organizerAddress));
        Calendar calendar = new Calendar().withProdId(PRODUCT_ID).withDefaults().getFluentTarget();
        calendar.add(new Method(method));
        zone.ifPresent(calendar::add);
        calendar.add(event);
        return calendar.toString().getBytes(StandardCharsets.UTF_8);
    }

    private Optional<VTimeZone> timeZone(String zoneId) {
        return timeZones.computeIfAbsent(zoneId, id -> {
            TimeZone zone = zones.getTimeZone(id);
            return Optional.ofNullable(zone).map(TimeZone::getVTimeZone).map(AppointmentCalendar::currentRules);
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
