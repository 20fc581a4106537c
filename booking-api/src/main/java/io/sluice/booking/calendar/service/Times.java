package io.sluice.booking.calendar.service;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;

/** Native queries hand back timestamps in the driver's types; the API speaks Instant. */
final class Times {

    private Times() {
    }

    static Instant toInstant(Object value) {
        if (value instanceof Instant instant) {
            return instant;
        }
        if (value instanceof OffsetDateTime offset) {
            return offset.toInstant();
        }
        return ((Timestamp) value).toInstant();
    }
}
