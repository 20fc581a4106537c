package io.sluice.booking.dashboard.service;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.search.Search;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * This instance's server errors, from the HTTP metrics Quarkus keeps anyway: totals of 5xx and of all
 * answers, read once per second by the dashboard, which turns their differences into rates.
 */
@ApplicationScoped
public class HttpErrors {

    /** Cumulative answers so far. */
    record Totals(long errors, long all) {
    }

    private final MeterRegistry registry;

    public HttpErrors(MeterRegistry registry) {
        this.registry = registry;
    }

    Totals totals() {
        long errors = 0;
        long all = 0;
        for (var timer : Search.in(registry).name("http.server.requests").timers()) {
            all += timer.count();
            String status = timer.getId().getTag("status");
            if (status != null && status.startsWith("5")) {
                errors += timer.count();
            }
        }
        return new Totals(errors, all);
    }
}
