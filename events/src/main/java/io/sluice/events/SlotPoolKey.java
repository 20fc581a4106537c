package io.sluice.events;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;

/**
 * A slot pool: the slots of one site on one local day. It is the Kafka key of booking requests,
 * so that every pool has exactly one deciding allocator.
 */
public record SlotPoolKey(long siteId, LocalDate day) {

    private static final char SEPARATOR = '@';

    public SlotPoolKey {
        if (siteId <= 0) {
            throw new IllegalArgumentException("siteId must be positive");
        }
        if (day == null) {
            throw new IllegalArgumentException("day is required");
        }
    }

    /** The key as written to Kafka and to {@code slot.pool_key}, e.g. {@code 17@2026-12-05}. */
    public String value() {
        return siteId + String.valueOf(SEPARATOR) + day;
    }

    public static SlotPoolKey parse(String value) {
        int at = value == null ? -1 : value.indexOf(SEPARATOR);
        if (at <= 0) {
            throw new IllegalArgumentException("not a slot pool key: " + value);
        }
        try {
            return new SlotPoolKey(Long.parseLong(value.substring(0, at)), LocalDate.parse(value.substring(at + 1)));
        } catch (NumberFormatException | DateTimeParseException e) {
            throw new IllegalArgumentException("not a slot pool key: " + value, e);
        }
    }

    @Override
    public String toString() {
        return value();
    }
}
