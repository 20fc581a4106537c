package io.sluice.notifier.booking;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.UUID;
import net.fortuna.ical4j.data.CalendarBuilder;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.component.VEvent;
import net.fortuna.ical4j.model.component.VTimeZone;
import org.junit.jupiter.api.Test;

class AppointmentCalendarTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final ZonedDateTime START = ZonedDateTime.of(2031, 3, 30, 8, 0, 0, 0, BERLIN); // first day of CEST

    private final AppointmentCalendar calendar = new AppointmentCalendar("noreply@sluice.invalid");
    private final Appointment appointment = new Appointment(UUID.randomUUID(), "K7QX-42", "Grace Hopper",
            "grace@example.org", null, "de", "Impfzentrum Messe", "Messeplatz 1, 04356 Leipzig", BERLIN, START,
            START.plusMinutes(10));

    @Test
    void theEventCarriesCodeTimeInTheSitesZoneAndPlace() throws Exception {
        Calendar parsed = parse(calendar.publish(appointment, "Termin: Impfzentrum Messe", "Buchungscode K7QX-42"));

        assertThat(parsed.getProperty("METHOD").orElseThrow().getValue()).isEqualTo("PUBLISH");
        assertThat(parsed.getProperty("PRODID").orElseThrow().getValue()).isEqualTo(AppointmentCalendar.PRODUCT_ID);
        VEvent event = parsed.<VEvent>getComponent("VEVENT").orElseThrow();
        assertThat(event.getUid().orElseThrow().getValue()).isEqualTo("K7QX-42");
        assertThat(event.getDateTimeStart().getParameter("TZID").orElseThrow().getValue()).isEqualTo("Europe/Berlin");
        ZonedDateTime start = ZonedDateTime.from(event.getDateTimeStart().getDate());
        assertThat(start.toInstant()).isEqualTo(START.toInstant());
        assertThat(ZonedDateTime.from(event.getDateTimeEnd().getDate()).toInstant()).isEqualTo(START.plusMinutes(10).toInstant());
        assertThat(event.getLocation().getValue()).isEqualTo("Impfzentrum Messe, Messeplatz 1, 04356 Leipzig");
        assertThat(event.getProperty("ORGANIZER").orElseThrow().getValue()).isEqualTo("mailto:noreply@sluice.invalid");
        // Today's rules only (summer and winter time), not the zone's history back to 1893.
        VTimeZone zone = parsed.<VTimeZone>getComponent("VTIMEZONE").orElseThrow();
        assertThat(zone.getObservances()).extracting(o -> o.getName()).containsExactlyInAnyOrder("DAYLIGHT", "STANDARD");
    }

    @Test
    void winterAndSummerTimesComeOutRightFromTheTrimmedZone() throws Exception {
        for (ZonedDateTime start : new ZonedDateTime[] {ZonedDateTime.of(2031, 1, 14, 8, 0, 0, 0, BERLIN),
                ZonedDateTime.of(2031, 10, 26, 8, 0, 0, 0, BERLIN), ZonedDateTime.of(2040, 7, 1, 23, 30, 0, 0, BERLIN)}) {
            Appointment at = new Appointment(UUID.randomUUID(), "K7QX-43", "Ada", "ada@example.org", null, "en",
                    "Site", "Street 1", BERLIN, start, start.plusMinutes(10));
            VEvent event = parse(calendar.publish(at, "s", "d")).<VEvent>getComponent("VEVENT").orElseThrow();
            assertThat(ZonedDateTime.from(event.getDateTimeStart().getDate()).toInstant()).isEqualTo(start.toInstant());
        }
    }

    @Test
    void aCancellationRemovesTheSameEvent() throws Exception {
        Calendar parsed = parse(calendar.cancel(appointment, "Abgesagt", "Buchungscode K7QX-42 – abgesagt"));

        assertThat(parsed.getProperty("METHOD").orElseThrow().getValue()).isEqualTo("CANCEL");
        VEvent event = parsed.<VEvent>getComponent("VEVENT").orElseThrow();
        assertThat(event.getUid().orElseThrow().getValue()).isEqualTo("K7QX-42");
        assertThat(event.getProperty("STATUS").orElseThrow().getValue()).isEqualTo("CANCELLED");
        assertThat(event.getProperty("SEQUENCE").orElseThrow().getValue()).isEqualTo("1");
    }

    @Test
    void longTextWithCommasLineBreaksAndUmlautsComesBackAsWritten() throws Exception {
        String description = "Buchungscode K7QX-42; bitte bringen Sie Ihren Lichtbildausweis, die Versichertenkarte\n"
                + "und den Impfpass mit. Absagen über https://sluice.example/cancel/K7QX-42?token=" + "ä".repeat(80) + " – danke!";
        byte[] ics = calendar.publish(appointment, "Termin: Impfzentrum Messe, 08:00", description);

        for (String line : new String(ics, StandardCharsets.UTF_8).split("\r\n")) {
            assertThat(line.getBytes(StandardCharsets.UTF_8).length).as(line).isLessThanOrEqualTo(75);
        }
        VEvent event = parse(ics).<VEvent>getComponent("VEVENT").orElseThrow();
        assertThat(event.getDescription().getValue()).isEqualTo(description);
        assertThat(event.getSummary().getValue()).isEqualTo("Termin: Impfzentrum Messe, 08:00");
    }

    private static Calendar parse(byte[] ics) throws Exception {
        return new CalendarBuilder().build(new ByteArrayInputStream(ics));
    }
}
