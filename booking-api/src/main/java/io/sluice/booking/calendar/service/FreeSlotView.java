package io.sluice.booking.calendar.service;

import java.time.Instant;

public record FreeSlotView(long id, String siteCode, Instant startsAt, Instant endsAt) {
}
