package io.sluice.booking.dashboard.service;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.MeterRegistry;
import io.sluice.events.BookingDecided;
import io.sluice.events.RejectionReason;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Every decision this instance has seen on the decisions topic since it started (each instance reads them
 * all), counted per release, outcome and reason, in total and per second. Also the counter
 * {@code sluice.booking.decisions}.
 */
@ApplicationScoped
public class DecisionTally {

    /** One release's decisions. */
    static final class Tally {
        final LongAdder confirmed = new LongAdder();
        final Map<RejectionReason, LongAdder> rejected = new EnumMap<>(RejectionReason.class);
        final PerSecond confirmedPerSecond = new PerSecond();
        final PerSecond rejectedPerSecond = new PerSecond();

        Tally() {
            for (RejectionReason reason : RejectionReason.values()) {
                rejected.put(reason, new LongAdder());
            }
        }

        long rejectedTotal() {
            return rejected.values().stream().mapToLong(LongAdder::sum).sum();
        }
    }

    private static final Tally EMPTY = new Tally();

    private final Clock clock;
    private final MeterRegistry registry;
    private final Map<Long, Tally> releases = new ConcurrentHashMap<>();
    private final Tally overall = new Tally();
    /** The allocator republishes decisions it cannot prove published (after a crash): each counts once. */
    private final Cache<UUID, Boolean> counted = Caffeine.newBuilder()
            .expireAfterWrite(Duration.ofMinutes(10)).maximumSize(100_000).build();

    public DecisionTally(Clock clock, MeterRegistry registry) {
        this.clock = clock;
        this.registry = registry;
    }

    public void record(BookingDecided decision) {
        if (counted.asMap().putIfAbsent(decision.requestId(), Boolean.TRUE) != null) {
            return;
        }
        long second = clock.millis() / 1000;
        Tally release = releases.computeIfAbsent(decision.releaseId(), id -> new Tally());
        for (Tally tally : new Tally[] {release, overall}) {
            if (decision.confirmed()) {
                tally.confirmed.increment();
                tally.confirmedPerSecond.add(second);
            } else {
                if (decision.reason() != null) {
                    tally.rejected.get(decision.reason()).increment();
                }
                tally.rejectedPerSecond.add(second);
            }
        }
        registry.counter("sluice.booking.decisions", "outcome", decision.confirmed() ? "confirmed" : "rejected",
                "reason", decision.confirmed() || decision.reason() == null ? "none" : decision.reason().name().toLowerCase())
                .increment();
    }

    Tally release(long releaseId) {
        return releases.getOrDefault(releaseId, EMPTY);
    }

    Tally overall() {
        return overall;
    }

    Iterable<Long> releaseIds() {
        return releases.keySet();
    }
}
