package io.sluice.booking.waitingroom.service;

import io.sluice.booking.waitingroom.repository.WaitingRoomRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * This instance's picture of every live waiting room, refreshed from PostgreSQL every quarter second
 * (the serving position included), so that all instances agree within well under a second and a
 * status check never touches the database or Kafka.
 */
@ApplicationScoped
public class Rooms {

    private final WaitingRoomRepository repository;
    private final Clock clock;
    private final Map<Long, RoomPicture> pictures = new ConcurrentHashMap<>();
    private final Map<Long, AdmissionHistory> histories = new ConcurrentHashMap<>();
    private volatile long lastStepId;
    private volatile Instant refreshedAt = Instant.EPOCH;

    @Inject
    public Rooms(WaitingRoomRepository repository, Clock clock) {
        this.repository = repository;
        this.clock = clock;
    }

    public Optional<RoomPicture> picture(long releaseId) {
        return Optional.ofNullable(pictures.get(releaseId));
    }

    public AdmissionHistory history(long releaseId) {
        return histories.computeIfAbsent(releaseId, id -> new AdmissionHistory());
    }

    /** When the last refresh finished: a ticket issued before it for a room not known here has no live room. */
    public Instant refreshedAt() {
        return refreshedAt;
    }

    /** Learns a room at once (the first join on this instance) instead of at the next refresh. */
    public void learn(RoomPicture picture) {
        pictures.putIfAbsent(picture.releaseId(), picture);
    }

    /** Reads every live room and the admission steps added since the last read; one refresh at a time. */
    public Uni<Void> refresh() {
        Instant started = clock.instant();
        return repository.rooms().chain(rooms -> {
            Set<Long> live = new HashSet<>();
            for (RoomPicture room : rooms) {
                live.add(room.releaseId());
                pictures.put(room.releaseId(), room);
            }
            pictures.keySet().retainAll(live);
            return appendSteps();
        }).invoke(() -> refreshedAt = started);
    }

    /**
     * Steps are read by id. One instance inserts them, each advance committed before the next, so ids
     * commit in order; a step skipped at a lease handover would only make that position's admission
     * expire with the next step's time, a fraction of a second later.
     */
    private Uni<Void> appendSteps() {
        return repository.stepsAfter(lastStepId).chain(steps -> {
            for (WaitingRoomRepository.Step step : steps) {
                history(step.releaseId()).append(step.serving(), step.at());
                lastStepId = step.id();
            }
            // More than one page of steps (a long-running release seen for the first time): read on.
            return steps.size() == 10000 ? appendSteps() : Uni.createFrom().voidItem();
        });
    }
}
