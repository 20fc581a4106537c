package io.sluice.allocator.messaging;

import io.quarkus.runtime.StartupEvent;
import io.sluice.allocator.AllocatorConfig;
import io.sluice.allocator.pool.SlotPool;
import io.sluice.events.AvailabilitySnapshot;
import io.sluice.events.Topics;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

/**
 * Tells booking-api how many slots each pool still has. Batches record the latest picture per pool
 * and release; a flush every half second sends only the latest, so a hot pool costs at most two
 * messages a second however many batches it sees, and no picture is older than a second.
 */
@ApplicationScoped
public class AvailabilityPublisher {

    private static final Logger LOG = Logger.getLogger(AvailabilityPublisher.class);
    private static final int NEXT_FREE = 5;

    private final MutinyEmitter<AvailabilitySnapshot> availability;
    private final Map<String, AvailabilitySnapshot> latest = new ConcurrentHashMap<>();
    private final AtomicBoolean flushing = new AtomicBoolean();

    public AvailabilityPublisher(@Channel(Topics.AVAILABILITY)
            @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 16384) MutinyEmitter<AvailabilitySnapshot> availability) {
        this.availability = availability;
    }

    /** Called by the pool's writer after a commit; reads the pool on the writer's own thread. */
    public void changed(SlotPool pool, Instant at) {
        for (long release : pool.releases()) {
            var snapshot = new AvailabilitySnapshot(pool.key(), release, pool.freeCount(release),
                    pool.nextFree(release, NEXT_FREE), at);
            latest.put(snapshot.key(), snapshot);
        }
    }

    /** Quarkus' scheduler ticks at most once a second, too coarse here, so a Vert.x timer drives the flush. */
    void startFlushing(@Observes StartupEvent start, Vertx vertx, AllocatorConfig config) {
        vertx.setPeriodic(config.availabilityEvery().toMillis(), tick -> {
            if (flushing.compareAndSet(false, true)) {
                flush().subscribe().with(done -> flushing.set(false), failure -> flushing.set(false));
            }
        });
    }

    Uni<Void> flush() {
        List<AvailabilitySnapshot> due = new ArrayList<>();
        for (String key : List.copyOf(latest.keySet())) {
            AvailabilitySnapshot snapshot = latest.remove(key);
            if (snapshot != null) {
                due.add(snapshot);
            }
        }
        if (due.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Uni.join().all(due.stream()
                        .map(snapshot -> availability.sendMessage(Message.of(snapshot).addMetadata(
                                        OutgoingKafkaRecordMetadata.<String>builder().withKey(snapshot.key()).build()))
                                .onFailure().invoke(() -> latest.putIfAbsent(snapshot.key(), snapshot)))
                        .toList())
                .andCollectFailures()
                .replaceWithVoid()
                .onFailure().recoverWithUni(failure -> {
                    LOG.warnf("availability not published, next flush retries: %s", failure.toString());
                    return Uni.createFrom().voidItem();
                });
    }
}
