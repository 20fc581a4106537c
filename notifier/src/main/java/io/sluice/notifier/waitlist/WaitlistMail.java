package io.sluice.notifier.waitlist;

/**
 * What a waitlist mail tells its reader.
 *
 * @param link      the confirmation link, or for an offer the release's waiting room
 * @param slotTime  an offer's freed slot in the site's zone, named beside it; null when unknown
 * @param siteName  the freed slot's site; null when unknown
 */
public record WaitlistMail(String releaseName, String link, String slotTime, String siteName, int freedSlots) {
}
