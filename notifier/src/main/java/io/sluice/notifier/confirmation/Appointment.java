package io.sluice.notifier.confirmation;

import java.time.ZoneId;
import java.time.ZonedDateTime;

/** What a confirmation tells its reader, read from PostgreSQL: personal data never travels on Kafka. */
public record Appointment(
        String bookingCode,
        String displayName,
        String email,
        String language,
        String siteName,
        String siteAddress,
        ZoneId siteZone,
        ZonedDateTime startsAt,
        ZonedDateTime endsAt) {
}
