package io.sluice.booking.waitingroom.service;

import io.quarkus.runtime.StartupEvent;
import io.sluice.booking.waitingroom.WaitingRoomConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Drives the refresh of every instance's room pictures and the admitting instance's advances. Vert.x
 * timers, because Quarkus' scheduler checks its triggers only once a second; a run that is still
 * going when the next tick comes is not started twice.
 */
@ApplicationScoped
public class WaitingRoomClock {

    private static final Logger LOG = Logger.getLogger(WaitingRoomClock.class);

    void start(@Observes StartupEvent start, Vertx vertx, WaitingRoomConfig config, Rooms rooms, AdmissionController admission) {
        every(vertx, config.refreshEvery().toMillis(), "waiting rooms not refreshed", rooms::refresh);
        every(vertx, config.advanceEvery().toMillis(), "admission run failed", admission::run);
    }

    private static void every(Vertx vertx, long millis, String failed, Supplier<Uni<Void>> work) {
        AtomicBoolean running = new AtomicBoolean();
        vertx.setPeriodic(millis, tick -> {
            if (running.compareAndSet(false, true)) {
                Uni.createFrom().deferred(work::get).subscribe().with(done -> running.set(false), failure -> {
                    running.set(false);
                    LOG.warnf("%s, the next run retries: %s", failed, failure.toString());
                });
            }
        });
    }
}
