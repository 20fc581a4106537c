package io.sluice.booking.waitingroom.service;

import io.sluice.booking.calendar.ReleaseState;
import java.time.Duration;
import java.time.Instant;

/**
 * One release's waiting room as this instance last read it from PostgreSQL (every refresh, at most
 * a quarter second old): everything a status check needs, so that it never waits for the database.
 *
 * @param seed            the shuffle seed, only once the pre-queue is sealed (null before)
 * @param freeSlots       free slots as the admitting instance last counted them; null before its first count
 * @param heldBy          why admission did not advance last time (RATE, INVENTORY, LAG, QUEUE, CLOSED), or null
 */
public record RoomPicture(
        long releaseId,
        ReleaseState state,
        Instant opensAt,
        Instant closesAt,
        int prequeueMinutes,
        Integer expectedDemand,
        boolean invitationOnly,
        String seedCommitment,
        byte[] seed,
        Instant sealedAt,
        long lotteryDrawn,
        long fifoJoined,
        long serving,
        Integer freeSlots,
        Integer slotCount,
        Integer inFlight,
        Integer claims,
        String heldBy,
        Instant soldOutAt,
        int powDifficulty,
        int maxAdmissionRate,
        Duration admissionTtl) {

    public Instant joinOpensAt() {
        return opensAt.minus(Duration.ofMinutes(prequeueMinutes));
    }

    public boolean sealed() {
        return sealedAt != null;
    }

    public long joined() {
        return lotteryDrawn + fifoJoined;
    }

    public boolean soldOut() {
        return soldOutAt != null;
    }

    /** Closed for good, by state or by time. */
    public boolean closedAt(Instant now) {
        return state == ReleaseState.CLOSED || (closesAt != null && !now.isBefore(closesAt));
    }
}
