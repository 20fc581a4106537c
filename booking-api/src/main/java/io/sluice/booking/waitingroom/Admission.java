package io.sluice.booking.waitingroom;

import java.time.Instant;

/**
 * The right to send one booking request, given to an admitted position. It expires a fixed time after
 * the position was admitted, whoever asks and however often, so the admission controller knows when
 * an unused admission gives its capacity back.
 */
public record Admission(long releaseId, long position, Instant expiresAt, String binding) {
}
