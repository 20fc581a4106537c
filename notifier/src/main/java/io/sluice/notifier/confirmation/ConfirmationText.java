package io.sluice.notifier.confirmation;

import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** The confirmation's subject and body in the citizen's language, with the time in the site's zone. */
public final class ConfirmationText {

    private ConfirmationText() {
    }

    public static String subject(Appointment appointment) {
        return german(appointment)
                ? "Ihr Termin am " + date(appointment) + " – Buchungscode " + appointment.bookingCode()
                : "Your appointment on " + date(appointment) + " – booking code " + appointment.bookingCode();
    }

    public static String body(Appointment appointment) {
        if (german(appointment)) {
            return """
                    Guten Tag %s,

                    Ihr Termin ist bestätigt.

                    Wann:  %s, %s bis %s Uhr (%s)
                    Wo:    %s, %s
                    Buchungscode: %s

                    Bitte bringen Sie den Buchungscode und einen Lichtbildausweis mit.
                    """.formatted(appointment.displayName(), date(appointment), time(appointment.startsAt()),
                    time(appointment.endsAt()), appointment.siteZone(), appointment.siteName(), appointment.siteAddress(),
                    appointment.bookingCode());
        }
        return """
                Hello %s,

                your appointment is confirmed.

                When:  %s, %s to %s (%s)
                Where: %s, %s
                Booking code: %s

                Please bring the booking code and a photo ID.
                """.formatted(appointment.displayName(), date(appointment), time(appointment.startsAt()),
                time(appointment.endsAt()), appointment.siteZone(), appointment.siteName(), appointment.siteAddress(),
                appointment.bookingCode());
    }

    private static boolean german(Appointment appointment) {
        return "de".equals(appointment.language());
    }

    private static String date(Appointment appointment) {
        Locale locale = german(appointment) ? Locale.GERMANY : Locale.UK;
        return appointment.startsAt().format(DateTimeFormatter.ofPattern(german(appointment) ? "EEEE, d. MMMM yyyy" : "EEEE, d MMMM yyyy", locale));
    }

    private static String time(java.time.ZonedDateTime at) {
        return at.format(DateTimeFormatter.ofPattern("HH:mm"));
    }
}
