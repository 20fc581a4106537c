package io.sluice.notifier.announcement;

import io.sluice.events.ReleaseAnnounced;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * A release announcement as one recipient reads it, in their language: times in the zone of the
 * release's first site (a district lies in one zone), named beside the time.
 *
 * @param closes         null when the release stays open until sold out
 * @param unsubscribeUrl null for staff, who are told because of their role, not a subscription
 */
public record AnnouncementView(
        long releaseId,
        String releaseName,
        String district,
        String opens,
        String closes,
        long slotCount,
        List<SiteLine> sites,
        boolean staff,
        String recipientName,
        String bookingUrl,
        String unsubscribeUrl) {

    /** One site of the release. */
    public record SiteLine(String name, String address, long slotCount) {
    }

    static AnnouncementView of(ReleaseAnnounced event, Recipient recipient, String bookingUrl, String unsubscribeUrl) {
        boolean german = "de".equals(recipient.language());
        ZoneId zone = event.sites() == null || event.sites().isEmpty()
                ? ZoneId.of("UTC") : ZoneId.of(event.sites().get(0).timeZone());
        List<SiteLine> sites = event.sites() == null ? List.of()
                : event.sites().stream().map(s -> new SiteLine(s.name(), s.address(), s.slotCount())).toList();
        return new AnnouncementView(event.releaseId(), event.name(), event.district(), format(event.opensAt(), zone, german),
                event.closesAt() == null ? null : format(event.closesAt(), zone, german), event.slotCount(), sites,
                recipient.kind() == Recipient.Kind.STAFF, recipient.displayName(), bookingUrl, unsubscribeUrl);
    }

    private static String format(Instant at, ZoneId zone, boolean german) {
        DateTimeFormatter pattern = german
                ? DateTimeFormatter.ofPattern("EEEE, d. MMMM yyyy, HH:mm 'Uhr'", Locale.GERMANY)
                : DateTimeFormatter.ofPattern("EEEE, d MMMM yyyy, HH:mm", Locale.UK);
        return at.atZone(zone).format(pattern) + " (" + zone.getId() + ")";
    }
}
