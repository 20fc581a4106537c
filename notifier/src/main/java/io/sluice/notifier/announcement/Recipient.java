package io.sluice.notifier.announcement;

import java.util.UUID;

/**
 * Someone to tell about a release: provider staff of one of its sites, or a citizen who subscribed to
 * its district (and confirmed).
 *
 * @param id           the staff contact's or the subscription's id, part of the exactly-once key
 * @param subscription the subscription, for its unsubscribe link; null for staff
 */
public record Recipient(Kind kind, String id, String displayName, String email, String language, UUID subscription) {

    public enum Kind {
        STAFF,
        SUBSCRIBER
    }
}
