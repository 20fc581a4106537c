package io.sluice.booking.waitingroom.service;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * What a waiting citizen sees about their ticket. Positions are 1-based; {@code pollAfterSeconds}
 * says when asking again is worth it (rarely far back, every second or two near the front).
 *
 * @param ticket             the ticket to keep from now on: on join, and when the pre-queue draw has turned
 *                           a lottery number into a position (the new ticket is cheaper to check)
 * @param queueLength        tickets issued so far (the pre-queue's size while it is open)
 * @param estimatedWaitSeconds null while nobody can say (before opening, or while admission waits for slots)
 * @param admission          the booking token, while admitted: send it as header {@code Sluice-Admission}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TicketStatus(
        long releaseId,
        Phase phase,
        String ticket,
        Long lotteryNumber,
        Long position,
        Long peopleAhead,
        Long servingPosition,
        Long queueLength,
        Long estimatedWaitSeconds,
        Integer slotsLeft,
        Integer slotCount,
        Instant opensAt,
        String admission,
        Instant admissionExpiresAt,
        long pollAfterSeconds) {

    public enum Phase {
        /** Joined before opening: the place is drawn when the release opens. */
        PREQUEUE,
        WAITING,
        /** May send one booking request with the admission until it expires. */
        ADMITTED,
        /** Was admitted, but the admission ran out unused: join again. */
        EXPIRED,
        /** The operator paused the release; places are kept. */
        PAUSED,
        /** No slot is left for anyone still waiting. */
        SOLD_OUT,
        CLOSED
    }
}
