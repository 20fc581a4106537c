package io.sluice.notifier.subscription;

/** What the double opt-in mail tells: which district, and the link that confirms. */
public record SubscriptionMail(String district, String confirmUrl) {
}
