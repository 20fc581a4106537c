package io.sluice.booking.waitingroom.service;

import io.sluice.booking.calendar.ReleaseState;
import io.sluice.booking.waitingroom.Admission;
import io.sluice.booking.waitingroom.Shuffle;
import io.sluice.booking.waitingroom.Ticket;
import io.sluice.booking.waitingroom.WaitingRoomConfig;
import io.sluice.booking.waitingroom.service.TicketStatus.Phase;
import io.sluice.problem.Problem;
import io.sluice.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Answers "where am I?" from the signed ticket and this instance's picture of the room: no database,
 * no Kafka, a few microseconds of CPU. This is the path 66,000 pollers hit.
 */
@ApplicationScoped
public class StatusService {

    private static final Duration RATE_WINDOW = Duration.ofSeconds(60);
    /** A room created on another instance a moment ago may not be in this instance's picture yet. */
    private static final Duration NEW_ROOM_GRACE = Duration.ofSeconds(2);

    private final TicketSigner signer;
    private final Rooms rooms;
    private final WaitingRoomConfig config;
    private final Clock clock;

    public StatusService(TicketSigner signer, Rooms rooms, WaitingRoomConfig config, Clock clock) {
        this.signer = signer;
        this.rooms = rooms;
        this.config = config;
        this.clock = clock;
    }

    public TicketStatus status(long releaseId, String ticketText) {
        Ticket ticket = signer.readTicket(ticketText, releaseId);
        Instant expires = ticket.issuedAt().plus(config.ticketTtl());
        if (clock.instant().isAfter(expires)) {
            throw new ProblemException(Problem.of(410, "Gone", "the ticket expired at " + expires + "; join the queue again"));
        }
        return statusOf(ticket, null);
    }

    /** The status of a ticket; {@code signed} is its text when the caller just issued it. */
    public TicketStatus statusOf(Ticket ticket, String signed) {
        Instant now = clock.instant();
        RoomPicture room = rooms.picture(ticket.releaseId()).orElse(null);
        if (room == null) {
            boolean young = ticket.issuedAt().isAfter(rooms.refreshedAt().minus(NEW_ROOM_GRACE));
            return new TicketStatus(ticket.releaseId(), young ? Phase.WAITING : Phase.CLOSED, signed,
                    ticket.lottery() ? ticket.number() : null, ticket.lottery() ? null : ticket.number(), null, null, null,
                    null, null, null, null, null, null, young ? config.minPoll().toSeconds() : config.maxPoll().toSeconds());
        }
        Integer slotsLeft = room.freeSlots();
        if (room.closedAt(now)) {
            return new TicketStatus(room.releaseId(), Phase.CLOSED, signed, null, ticket.lottery() ? null : ticket.number(),
                    null, null, null, null, slotsLeft, room.slotCount(), room.opensAt(), null, null, config.maxPoll().toSeconds());
        }
        if (ticket.lottery() && !room.sealed()) {
            long untilOpening = Math.max(0, Duration.between(now, room.opensAt()).toSeconds());
            // Everyone in the pre-queue asks right after opening: spread them over a few seconds.
            long poll = untilOpening > config.maxPoll().toSeconds() ? config.maxPoll().toSeconds()
                    : untilOpening + 1 + ThreadLocalRandom.current().nextLong(3);
            return new TicketStatus(room.releaseId(), Phase.PREQUEUE, signed, ticket.number(), null, null, null,
                    room.lotteryDrawn(), null, slotsLeft, room.slotCount(), room.opensAt(), null, null, poll);
        }
        long position = ticket.number();
        String replacement = signed;
        if (ticket.lottery()) {
            position = Shuffle.position(room.seed(), room.lotteryDrawn(), ticket.number());
            // The issue time stays, so the draw does not extend the ticket's life.
            replacement = signer.sign(Ticket.position(ticket.releaseId(), position, ticket.issuedAt(), ticket.binding()));
        }
        Long lottery = ticket.lottery() ? ticket.number() : null;
        if (room.soldOut()) {
            return new TicketStatus(room.releaseId(), Phase.SOLD_OUT, replacement, lottery, position, null, room.serving(),
                    room.joined(), null, 0, room.slotCount(), room.opensAt(), null, null, config.maxPoll().toSeconds());
        }
        AdmissionHistory history = rooms.history(room.releaseId());
        if (position <= room.serving()) {
            Instant admittedAt = history.admittedAt(position);
            Instant expiresAt = (admittedAt == null ? now : admittedAt).plus(room.admissionTtl());
            if (now.isBefore(expiresAt)) {
                String admission = signer.sign(new Admission(room.releaseId(), position, expiresAt, ticket.binding()));
                return new TicketStatus(room.releaseId(), Phase.ADMITTED, replacement, lottery, position, 0L, room.serving(),
                        room.joined(), 0L, slotsLeft, room.slotCount(), room.opensAt(), admission, expiresAt,
                        config.minPoll().toSeconds());
            }
            return new TicketStatus(room.releaseId(), Phase.EXPIRED, replacement, lottery, position, null, room.serving(),
                    room.joined(), null, slotsLeft, room.slotCount(), room.opensAt(), null, expiresAt, config.maxPoll().toSeconds());
        }
        long ahead = position - room.serving() - 1;
        double rate = history.rate(now, RATE_WINDOW);
        Long wait = rate > 0 ? (long) Math.ceil(ahead / rate) : null;
        double assumedRate = rate > 0 ? rate : Math.max(1, room.maxAdmissionRate());
        return new TicketStatus(room.releaseId(), room.state() == ReleaseState.PAUSED
                ? Phase.PAUSED : Phase.WAITING, replacement, lottery, position, ahead, room.serving(), room.joined(), wait,
                slotsLeft, room.slotCount(), room.opensAt(), null, null, pollAfter(ahead / assumedRate));
    }

    /** A fifth of the expected wait, within the configured bounds, with a little jitter so pollers do not march in step. */
    private long pollAfter(double expectedWaitSeconds) {
        double jitter = 0.8 + ThreadLocalRandom.current().nextDouble() * 0.4;
        double seconds = expectedWaitSeconds / 5 * jitter;
        return Math.max(config.minPoll().toSeconds(), Math.min(config.maxPoll().toSeconds(), Math.round(seconds)));
    }
}
