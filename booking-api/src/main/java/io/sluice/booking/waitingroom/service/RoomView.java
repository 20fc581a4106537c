package io.sluice.booking.waitingroom.service;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.sluice.booking.calendar.ReleaseState;
import java.time.Instant;
import java.util.HexFormat;

/**
 * A release's waiting room as anyone may see it, including what it takes to audit the pre-queue
 * draw: the seed's SHA-256 from the start, and after the seal the seed itself and the pre-queue size
 * (every position is then {@code Shuffle.position(seed, prequeueSize, lotteryNumber)}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RoomView(
        long releaseId,
        ReleaseState state,
        Instant joinOpensAt,
        Instant opensAt,
        Instant closesAt,
        int prequeueMinutes,
        boolean invitationOnly,
        boolean admissionRequired,
        int powDifficulty,
        String seedCommitment,
        Instant sealedAt,
        String shuffleSeed,
        Long prequeueSize,
        long joined,
        long servingPosition,
        Integer slotsLeft,
        Integer slotCount,
        boolean soldOut) {

    static RoomView of(RoomPicture room, boolean admissionRequired) {
        return new RoomView(room.releaseId(), room.state(), room.joinOpensAt(), room.opensAt(), room.closesAt(),
                room.prequeueMinutes(), room.invitationOnly(), admissionRequired, room.powDifficulty(), room.seedCommitment(),
                room.sealedAt(), room.seed() == null ? null : HexFormat.of().formatHex(room.seed()),
                room.sealed() ? room.lotteryDrawn() : null, room.joined(), room.serving(), room.freeSlots(), room.slotCount(),
                room.soldOut());
    }
}
