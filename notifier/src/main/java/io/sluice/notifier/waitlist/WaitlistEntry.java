package io.sluice.notifier.waitlist;

import java.time.Instant;
import java.util.UUID;

/**
 * A waitlist entry as the notifier mails it; booking-api writes the row.
 *
 * @param confirmToken the token of the confirmation link; not needed for offers
 * @param requestedAt  when the sign-up was made or last repeated: a repeated sign-up re-arms the
 *                     confirmation mail, which makes it a new message
 */
public record WaitlistEntry(UUID id, long releaseId, String email, String language, String confirmToken,
        Instant requestedAt) {

    public boolean german() {
        return "de".equals(language);
    }
}
