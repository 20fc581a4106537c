package io.sluice.gatling;

import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.http.HttpDsl.http;

import io.gatling.javaapi.core.Assertion;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import java.time.Duration;
import java.util.List;

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

    /** booking-api at {@link #baseUrl()}, asked for JSON. */
    public static HttpProtocolBuilder protocol() {
        return http.baseUrl(baseUrl()).acceptHeader("application/json");
    }

    /** What every simulation holds Sluice to: no failed request, and p95/p99 below these (or {@code -Dp95Ms}, {@code -Dp99Ms}). */
    public static List<Assertion> assertions(int p95Ms, int p99Ms) {
        return List.of(global().failedRequests().count().is(0L),
                global().responseTime().percentile(95.0).lt(number("p95Ms", p95Ms)),
                global().responseTime().percentile(99.0).lt(number("p99Ms", p99Ms)));
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
