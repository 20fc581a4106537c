package io.sluice.events;

import java.time.Instant;
import java.util.List;

/**
 * A release was announced on the calendar (or opened live): provider staff of its sites and
 * citizens subscribed to its district are to be told. Keyed by release id.
 *
 * @param closesAt null when the release stays open until sold out
 */
public record ReleaseAnnounced(
        long releaseId,
        String name,
        String district,
        Instant opensAt,
        Instant closesAt,
        long slotCount,
        List<AnnouncedSite> sites,
        Instant announcedAt) {

    /** One site of the release with the number of its slots in it. */
    public record AnnouncedSite(String code, String name, String address, String timeZone, long slotCount) {
    }
}
