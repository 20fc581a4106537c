package io.sluice.booking.booking.service;

import java.time.Instant;

/** A booking as its holder sees it through the cancel link: no name, no contact. */
public record BookingView(String bookingCode, String state, String siteName, String siteAddress, String timeZone,
        Instant startsAt, Instant endsAt) {
}
