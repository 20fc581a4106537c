package io.sluice.system;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What the system tests report beside their figures: how busy the machine was, and elapsed times. */
final class Machine {

    private Machine() {
    }

    /** Other work on the machine skews every figure; the reports say how busy it was (1, 5, 15 min). */
    static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return fields[0] + ", " + fields[1] + ", " + fields[2];
        } catch (IOException e) {
            return "n/a";
        }
    }

    /** Seconds since a {@link System#nanoTime()} reading, one decimal. */
    static String secondsSince(long nanoTime) {
        return String.format("%.1f", (System.nanoTime() - nanoTime) / 1e9);
    }
}
