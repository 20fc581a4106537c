package io.sluice.booking.dashboard.service;

import io.sluice.events.ServiceStats;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The latest {@link ServiceStats} of every allocator and notifier instance. An instance silent for
 * {@link #SILENT_AFTER} has stopped (or scaled away) and no longer counts.
 */
@ApplicationScoped
public class ServiceFigures {

    static final Duration SILENT_AFTER = Duration.ofSeconds(5);

    private record Received(ServiceStats stats, Instant at) {
    }

    private final Clock clock;
    private final Map<String, Received> instances = new ConcurrentHashMap<>();

    public ServiceFigures(Clock clock) {
        this.clock = clock;
    }

    public void update(ServiceStats stats) {
        instances.put(stats.service() + "/" + stats.instance(), new Received(stats, clock.instant()));
    }

    /** The live instances of one service ({@link ServiceStats#SLOT_ALLOCATOR} or {@link ServiceStats#NOTIFIER}). */
    List<ServiceStats> live(String service) {
        Instant since = clock.instant().minus(SILENT_AFTER);
        instances.values().removeIf(received -> received.at().isBefore(since));
        return instances.values().stream().map(Received::stats).filter(s -> s.service().equals(service)).toList();
    }
}
