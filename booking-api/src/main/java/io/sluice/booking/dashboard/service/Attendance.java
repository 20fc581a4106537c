package io.sluice.booking.dashboard.service;

import io.sluice.booking.dashboard.repository.AttendanceRepository;
import io.sluice.booking.dashboard.repository.AttendanceRepository.Request;
import io.sluice.booking.waitingroom.Shuffle;
import io.sluice.booking.waitingroom.repository.WaitingRoomRepository;
import io.sluice.booking.waitingroom.service.AdmissionHistory;
import io.sluice.booking.waitingroom.service.RoomPicture;
import io.sluice.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The attendance record of one release: for every ticket, when it joined, was admitted, and booked or
 * left. Tickets and booking codes only; names and addresses stay where the booking needs them.
 */
@ApplicationScoped
public class Attendance {

    /** How a ticket's visit ended, or where it stands. */
    public enum Outcome {
        /** Joined before opening; the draw has not happened yet. */
        PREQUEUE,
        WAITING,
        ADMITTED,
        /** A booking request was sent and is not decided yet. */
        REQUESTED,
        BOOKED,
        REJECTED,
        /** Admitted, but no request came before the admission expired or the release sold out or closed. */
        LEFT,
        /** Never admitted: the release sold out or closed first. */
        NOT_ADMITTED
    }

    /**
     * @param ticket   {@code L<number>} for a pre-queue lottery ticket, {@code P<position>} for a later one
     * @param position the place in the queue; for a lottery ticket only once drawn
     */
    public record Entry(String ticket, Long position, Instant joinedAt, Instant admittedAt, Instant requestedAt,
            Instant decidedAt, Outcome outcome, String reason, String bookingCode) {
    }

    private final WaitingRoomRepository rooms;
    private final AttendanceRepository repository;
    private final Clock clock;

    public Attendance(WaitingRoomRepository rooms, AttendanceRepository repository, Clock clock) {
        this.rooms = rooms;
        this.repository = repository;
        this.clock = clock;
    }

    public Uni<List<Entry>> of(long releaseId) {
        return rooms.room(releaseId).chain(found -> {
            RoomPicture room = found.orElseThrow(() -> ProblemException.notFound("A waiting room of release " + releaseId));
            return Uni.combine().all().unis(repository.joins(releaseId), repository.steps(releaseId), repository.requests(releaseId))
                    .with((joins, steps, requests) -> entries(room, joins, history(steps), requests));
        });
    }

    private static AdmissionHistory history(List<AttendanceRepository.Step> steps) {
        AdmissionHistory history = new AdmissionHistory();
        steps.forEach(step -> history.append(step.serving(), step.at()));
        return history;
    }

    private List<Entry> entries(RoomPicture room, List<AttendanceRepository.Join> joins, AdmissionHistory history,
            Map<Long, Request> requests) {
        Instant now = clock.instant();
        List<Entry> entries = new ArrayList<>(joins.size());
        for (AttendanceRepository.Join join : joins) {
            Long position = !join.lottery() ? Long.valueOf(join.number())
                    : room.sealed() ? Long.valueOf(Shuffle.position(room.seed(), room.lotteryDrawn(), join.number())) : null;
            String ticket = (join.lottery() ? "L" : "P") + join.number();
            Instant admittedAt = position == null ? null : history.admittedAt(position);
            Request request = position == null ? null : requests.get(position);
            Outcome outcome;
            if (request != null) {
                outcome = request.outcome() == null ? Outcome.REQUESTED
                        : "CONFIRMED".equals(request.outcome()) ? Outcome.BOOKED : Outcome.REJECTED;
            } else if (admittedAt != null) {
                boolean over = room.soldOut() || room.closedAt(now) || admittedAt.plus(room.admissionTtl()).isBefore(now);
                outcome = over ? Outcome.LEFT : Outcome.ADMITTED;
            } else if (position == null) {
                outcome = Outcome.PREQUEUE;
            } else {
                outcome = room.soldOut() || room.closedAt(now) ? Outcome.NOT_ADMITTED : Outcome.WAITING;
            }
            entries.add(new Entry(ticket, position, join.joinedAt(), admittedAt,
                    request == null ? null : request.acceptedAt(), request == null ? null : request.decidedAt(), outcome,
                    request == null ? null : request.reason(), request == null ? null : request.bookingCode()));
        }
        return entries;
    }

    /** The record as CSV (RFC 4180; no field needs quoting: numbers, times, codes and names of states). */
    public static String csv(List<Entry> entries) {
        StringBuilder csv = new StringBuilder("ticket,position,joined_at,admitted_at,requested_at,decided_at,outcome,reason,booking_code\r\n");
        for (Entry e : entries) {
            csv.append(e.ticket()).append(',').append(text(e.position())).append(',').append(text(e.joinedAt())).append(',')
                    .append(text(e.admittedAt())).append(',').append(text(e.requestedAt())).append(',')
                    .append(text(e.decidedAt())).append(',').append(e.outcome()).append(',').append(text(e.reason()))
                    .append(',').append(text(e.bookingCode())).append("\r\n");
        }
        return csv.toString();
    }

    private static String text(Object value) {
        return value == null ? "" : value.toString();
    }
}
