package io.sluice.notifier.delivery;

import io.smallrye.mutiny.Uni;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * One message that must go out exactly once.
 *
 * @param messageKey the exactly-once key in the {@code notification} table, e.g. {@code CONFIRMATION:K7QX-42}
 * @param requestId  the booking request it is about; null for announcements
 * @param messageId  the Message-ID a resend repeats, so mail clients show it once
 * @param source     the event that asked for it, dead-lettered if this message fails; null when scheduled
 * @param send       hands the message to the relay or gateway; called only when the claim succeeded
 */
public record Delivery(
        String messageKey,
        UUID requestId,
        String kind,
        Medium medium,
        String messageId,
        ConsumedEvent source,
        Supplier<Uni<Void>> send) {
}
