package io.sluice.booking.waitingroom.service;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * How many decisions per second the allocator made for each release over the last ten seconds, as
 * this instance sees them on the decisions topic (every instance reads every decision). The admission
 * controller keeps admissions within a multiple of it.
 */
@ApplicationScoped
public class DecisionRate {

    private static final int WINDOW_SECONDS = 10;

    private final Clock clock;
    private final Map<Long, Window> windows = new ConcurrentHashMap<>();

    public DecisionRate(Clock clock) {
        this.clock = clock;
    }

    public void record(long releaseId) {
        windows.computeIfAbsent(releaseId, id -> new Window()).add(clock.millis() / 1000);
    }

    /** Decisions per second over the last full ten seconds. */
    public double perSecond(long releaseId) {
        Window window = windows.get(releaseId);
        return window == null ? 0 : window.sum(clock.millis() / 1000) / (double) WINDOW_SECONDS;
    }

    /** One counter per second of a ring; a slot is reset when its second comes round again. */
    private static final class Window {
        private final AtomicLongArray seconds = new AtomicLongArray(WINDOW_SECONDS + 1);
        private final AtomicLongArray counts = new AtomicLongArray(WINDOW_SECONDS + 1);

        void add(long second) {
            int slot = (int) (second % seconds.length());
            long seen = seconds.get(slot);
            if (seen != second && seconds.compareAndSet(slot, seen, second)) {
                counts.set(slot, 0);
            }
            counts.incrementAndGet(slot);
        }

        long sum(long now) {
            long total = 0;
            for (int slot = 0; slot < seconds.length(); slot++) {
                long second = seconds.get(slot);
                if (second < now && second >= now - WINDOW_SECONDS) {
                    total += counts.get(slot);
                }
            }
            return total;
        }
    }
}
