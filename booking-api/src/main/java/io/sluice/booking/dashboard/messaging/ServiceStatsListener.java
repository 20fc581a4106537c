package io.sluice.booking.dashboard.messaging;

import io.sluice.booking.dashboard.service.ServiceFigures;
import io.sluice.events.ServiceStats;
import io.sluice.events.Topics;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** The allocators' and notifiers' figures; each instance reads them all (a consumer group of its own). */
@ApplicationScoped
public class ServiceStatsListener {

    private final ServiceFigures figures;

    public ServiceStatsListener(ServiceFigures figures) {
        this.figures = figures;
    }

    @Incoming(Topics.SERVICE_STATS)
    public void onStats(ServiceStats stats) {
        // An unreadable record arrives as null (fail-on-deserialization-failure=false): nothing to show.
        if (stats != null && stats.service() != null) {
            figures.update(stats);
        }
    }
}
