package io.sluice.notifier.booking;

import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.UUID;

/**
 * What a confirmation, reminder or cancellation tells its reader, read from PostgreSQL: personal data
 * never travels on Kafka. Times are in the site's zone, the only one that matters to someone walking in.
 *
 * @param phone E.164, or null when the citizen gave none
 */
public record Appointment(
        UUID requestId,
        String bookingCode,
        String displayName,
        String email,
        String phone,
        String language,
        String siteName,
        String siteAddress,
        ZoneId siteZone,
        ZonedDateTime startsAt,
        ZonedDateTime endsAt) {

    private static final DateTimeFormatter GERMAN_DATE = DateTimeFormatter.ofPattern("EEEE, d. MMMM yyyy", Locale.GERMANY);
    private static final DateTimeFormatter ENGLISH_DATE = DateTimeFormatter.ofPattern("EEEE, d MMMM yyyy", Locale.UK);
    private static final DateTimeFormatter SHORT_DATE = DateTimeFormatter.ofPattern("dd.MM.yyyy");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm");

    public boolean german() {
        return "de".equals(language);
    }

    /** The day in words, e.g. "Dienstag, 14. Januar 2031". */
    public String date() {
        return startsAt.format(german() ? GERMAN_DATE : ENGLISH_DATE);
    }

    /** The day in digits, for SMS. */
    public String shortDate() {
        return startsAt.format(SHORT_DATE);
    }

    public String startTime() {
        return startsAt.format(TIME);
    }

    public String endTime() {
        return endsAt.format(TIME);
    }

    /** The zone's id, e.g. Europe/Berlin, shown beside the time for whoever reads it elsewhere. */
    public String zone() {
        return siteZone.getId();
    }
}
