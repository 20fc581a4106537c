package io.sluice.booking.dashboard.service;

/**
 * Counts per second over the last {@link #SECONDS} seconds: a ring whose slot is reset when its second
 * comes round again. Written by one consumer thread, read by the dashboard's ticker.
 */
final class PerSecond {

    static final int SECONDS = 300;

    private final long[] seconds = new long[SECONDS];
    private final long[] counts = new long[SECONDS];

    synchronized void add(long second) {
        int slot = (int) Math.floorMod(second, (long) SECONDS);
        if (seconds[slot] != second) {
            seconds[slot] = second;
            counts[slot] = 0;
        }
        counts[slot]++;
    }

    /** The count of one second; 0 when nothing happened in it or it has left the ring. */
    synchronized long at(long second) {
        int slot = (int) Math.floorMod(second, (long) SECONDS);
        return seconds[slot] == second ? counts[slot] : 0;
    }

    /** Average per second over the {@code window} full seconds before {@code now}. */
    synchronized double average(long now, int window) {
        long total = 0;
        for (long second = now - window; second < now; second++) {
            int slot = (int) Math.floorMod(second, (long) SECONDS);
            total += seconds[slot] == second ? counts[slot] : 0;
        }
        return total / (double) window;
    }
}
