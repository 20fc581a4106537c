package io.sluice.gatling;

import java.time.Duration;

/**
 * Where the simulations aim and how hard, from system properties ({@code -Dpeople=66000}), so the same
 * simulation runs in CI at a few thousand people and on a bench at the full storm.
 */
public final class Load {

    private Load() {
    }

    /** booking-api, e.g. {@code http://localhost:8080}. */
    public static String baseUrl() {
        return text("baseUrl", "http://localhost:8080");
    }

    /** Bearer token with the {@code operator} role ({@code bin/sluice up} writes one to {@code .sluice/operator.jwt}). */
    public static String operatorToken() {
        return text("operatorToken", null);
    }

    /** Bearer token with the {@code staff} role. */
    public static String staffToken() {
        return text("staffToken", null);
    }

    public static int number(String name, int defaultValue) {
        return Integer.parseInt(text(name, Integer.toString(defaultValue)));
    }

    public static double fraction(String name, double defaultValue) {
        return Double.parseDouble(text(name, Double.toString(defaultValue)));
    }

    public static Duration seconds(String name, int defaultSeconds) {
        return Duration.ofSeconds(number(name, defaultSeconds));
    }

    public static String text(String name, String defaultValue) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank()) {
            if (defaultValue == null) {
                throw new IllegalStateException("system property " + name + " is required");
            }
            return defaultValue;
        }
        return value;
    }
}
