package io.sluice.booking.waitingroom.service;

import io.sluice.booking.waitingroom.repository.WaitingRoomRepository;
import io.sluice.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;

/** Operators watch a release's waiting room and change its rate, difficulty and admission time live. */
@ApplicationScoped
public class WaitingRoomAdmin {

    private final WaitingRoomRepository repository;
    private final Rooms rooms;
    private final DecisionRate decisions;
    private final AdmissionGate gate;
    private final Clock clock;

    public WaitingRoomAdmin(WaitingRoomRepository repository, Rooms rooms, DecisionRate decisions, AdmissionGate gate,
            Clock clock) {
        this.repository = repository;
        this.rooms = rooms;
        this.decisions = decisions;
        this.gate = gate;
        this.clock = clock;
    }

    public Uni<OperatorRoomView> view(long releaseId) {
        return repository.ensureRoom(releaseId).chain(() -> repository.room(releaseId)).map(found -> found
                .map(this::toView)
                .orElseThrow(() -> ProblemException.notFound("a live release " + releaseId)));
    }

    public Uni<OperatorRoomView> change(long releaseId, RoomSettings settings) {
        return repository.updateSettings(releaseId, settings.powDifficulty(), settings.maxAdmissionRate(),
                settings.admissionTtlSeconds()).chain(updated -> view(releaseId));
    }

    private OperatorRoomView toView(RoomPicture room) {
        return new OperatorRoomView(RoomView.of(room, gate.required(room.prequeueMinutes(), room.expectedDemand())),
                room.maxAdmissionRate(), room.admissionTtl().toSeconds(), room.inFlight(), room.claims(), room.heldBy(),
                rooms.history(room.releaseId()).rate(clock.instant(), Duration.ofSeconds(10)),
                decisions.perSecond(room.releaseId()));
    }
}
