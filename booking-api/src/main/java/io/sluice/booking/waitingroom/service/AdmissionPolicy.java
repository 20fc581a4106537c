package io.sluice.booking.waitingroom.service;

import io.sluice.booking.calendar.ReleaseState;
import io.sluice.booking.waitingroom.WaitingRoomConfig;
import io.sluice.booking.waitingroom.repository.WaitingRoomRepository.Decision;
import io.sluice.booking.waitingroom.repository.WaitingRoomRepository.Figures;
import java.time.Duration;

/**
 * How far one release's serving position may move now. The smallest of three bounds wins:
 * <ol>
 * <li>rate: the operator's ceiling per second, and no more than {@code headroom} times the decisions
 * per second the allocator was just seen to make (a start rate until it has shown any), for the time
 * since the last advance (at most two seconds' worth, so a pause never turns into a burst);</li>
 * <li>allocator lag: nothing while the oldest undecided request is older than the allowed lag;</li>
 * <li>inventory: the claims on free slots (requests not yet decided, plus admissions neither used
 * nor expired) may reach the free slots plus a margin, never more.</li>
 * </ol>
 * Positions beyond the last joined ticket are never admitted.
 */
public final class AdmissionPolicy {

    static final String RATE = "RATE";
    static final String INVENTORY = "INVENTORY";
    static final String LAG = "LAG";
    static final String QUEUE = "QUEUE";
    static final String NOT_OPEN = "NOT_OPEN";

    private static final Duration MAX_CATCH_UP = Duration.ofSeconds(2);

    private final WaitingRoomConfig config;

    public AdmissionPolicy(WaitingRoomConfig config) {
        this.config = config;
    }

    public Decision decide(Figures room, double decisionsPerSecond) {
        long liveAdmitted = Math.max(0, room.serving() - room.servingTtlAgo());
        long unusedAdmissions = Math.max(0, liveAdmitted - room.usedLive());
        long claims = room.inFlight() + unusedAdmissions;
        boolean soldOut = room.sealed() && room.freeSlots() == 0;
        long advance = 0;
        String heldBy;
        boolean open = room.sealed() && (room.state() == ReleaseState.OPEN || room.state() == ReleaseState.ANNOUNCED)
                && !room.opensAt().isAfter(room.now())
                && (room.closesAt() == null || room.now().isBefore(room.closesAt()));
        if (!open || soldOut) {
            heldBy = NOT_OPEN;
        } else if (room.oldestUndecided() != null
                && Duration.between(room.oldestUndecided(), room.now()).compareTo(config.maxDecisionLag()) > 0) {
            heldBy = LAG;
        } else {
            long inventory = room.freeSlots() + config.admissionMargin() - claims;
            long queue = room.joined() - room.serving();
            long limit = Math.min(inventory, Math.min(rateBound(room, decisionsPerSecond), queue));
            heldBy = limit == inventory ? INVENTORY : limit == queue ? QUEUE : RATE;
            advance = Math.max(0, limit);
        }
        return new Decision(room.releaseId(), room.serving(), room.serving() + advance, room.freeSlots(), room.slotCount(),
                room.inFlight(), claims + advance, heldBy, soldOut);
    }

    /** Whole admissions the rate allows for the time since the last advance. */
    private long rateBound(Figures room, double decisionsPerSecond) {
        double ceiling = room.maxAdmissionRate() == null ? config.maxAdmissionRate() : room.maxAdmissionRate();
        double measured = Math.max(config.startAdmissionRate(), config.decisionRateHeadroom() * decisionsPerSecond);
        double perSecond = Math.min(ceiling, measured);
        Duration since = room.advancedAt() == null ? MAX_CATCH_UP : Duration.between(room.advancedAt(), room.now());
        if (since.compareTo(MAX_CATCH_UP) > 0 || since.isNegative()) {
            since = MAX_CATCH_UP;
        }
        return (long) Math.floor(perSecond * since.toMillis() / 1000.0);
    }
}
