package io.sluice.notifier.delivery;

import io.quarkus.mailer.Mail;
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
 * @param mail       builds the e-mail (medium EMAIL); called only when the claim succeeded. The dispatcher
 *                   sends e-mails in groups, so they are built here and handed over, not sent one by one
 * @param send       hands any other message to its gateway; called only when the claim succeeded
 */
public record Delivery(
        String messageKey,
        UUID requestId,
        String kind,
        Medium medium,
        String messageId,
        ConsumedEvent source,
        Supplier<Mail> mail,
        Supplier<Uni<Void>> send) {

    public static Delivery email(String messageKey, UUID requestId, String kind, String messageId, ConsumedEvent source,
            Supplier<Mail> mail) {
        return new Delivery(messageKey, requestId, kind, Medium.EMAIL, messageId, source, mail, null);
    }

    public static Delivery sms(String messageKey, UUID requestId, String kind, String messageId, ConsumedEvent source,
            Supplier<Uni<Void>> send) {
        return new Delivery(messageKey, requestId, kind, Medium.SMS, messageId, source, null, send);
    }
}
