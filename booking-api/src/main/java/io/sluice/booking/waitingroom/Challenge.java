package io.sluice.booking.waitingroom;

import java.time.Instant;

/**
 * A proof-of-work puzzle for one join: find a decimal {@code solution} such that
 * SHA-256(challenge + ":" + solution) starts with {@code difficulty} zero bits. Signed and stateless;
 * its nonce is spent when a ticket is issued for it.
 */
public record Challenge(long releaseId, Instant issuedAt, int difficulty, String nonce) {
}
