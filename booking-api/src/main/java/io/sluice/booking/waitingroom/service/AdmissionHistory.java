package io.sluice.booking.waitingroom.service;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;

/**
 * When each serving position of one release was reached, from the admission steps in PostgreSQL.
 * An admission expires a fixed time after its position was reached, so every instance computes the
 * same expiry from this history. It grows with the number of advances (a few per second while
 * admitting), never with the number of tickets.
 *
 * <p>One writer (the refresh) appends; any number of readers see a consistent prefix through the
 * volatile snapshot, without locks.
 */
public final class AdmissionHistory {

    private record Steps(long[] serving, long[] atMillis, int size) {
    }

    private volatile Steps steps = new Steps(new long[16], new long[16], 0);

    /** Appends a step; steps arrive in the order the database gave them ids, serving ascending. */
    public void append(long serving, Instant at) {
        Steps current = steps;
        if (current.size > 0 && serving <= current.serving[current.size - 1]) {
            return;
        }
        long[] servings = current.serving;
        long[] ats = current.atMillis;
        if (current.size == servings.length) {
            servings = Arrays.copyOf(servings, servings.length * 2);
            ats = Arrays.copyOf(ats, ats.length * 2);
        }
        servings[current.size] = serving;
        ats[current.size] = at.toEpochMilli();
        steps = new Steps(servings, ats, current.size + 1);
    }

    /** When the position was admitted, or null if no step reached it (yet, as far as this instance knows). */
    public Instant admittedAt(long position) {
        Steps current = steps;
        int low = 0;
        int high = current.size - 1;
        int found = -1;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            if (current.serving[mid] >= position) {
                found = mid;
                high = mid - 1;
            } else {
                low = mid + 1;
            }
        }
        return found < 0 ? null : Instant.ofEpochMilli(current.atMillis[found]);
    }

    /** The serving position as it was at the given time. */
    public long servingAt(Instant time) {
        Steps current = steps;
        long millis = time.toEpochMilli();
        int low = 0;
        int high = current.size - 1;
        int found = -1;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            if (current.atMillis[mid] <= millis) {
                found = mid;
                low = mid + 1;
            } else {
                high = mid - 1;
            }
        }
        return found < 0 ? 0 : current.serving[found];
    }

    /** Admissions per second over the window before now; 0 when nobody was admitted in it. */
    public double rate(Instant now, Duration window) {
        long latest = servingAt(now);
        long before = servingAt(now.minus(window));
        return (latest - before) / (window.toMillis() / 1000.0);
    }

    public int size() {
        return steps.size;
    }
}
