package io.sluice.booking.waitingroom.messaging;

import io.sluice.booking.waitingroom.service.Availability;
import io.sluice.events.AvailabilitySnapshot;
import io.sluice.events.Topics;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** The allocator's free-slot counts per pool; each instance reads them all (a consumer group of its own). */
@ApplicationScoped
public class AvailabilityListener {

    private final Availability availability;

    public AvailabilityListener(Availability availability) {
        this.availability = availability;
    }

    @Incoming(Topics.AVAILABILITY)
    public void onSnapshot(AvailabilitySnapshot snapshot) {
        // An unreadable record arrives as null (fail-on-deserialization-failure=false): nothing to learn.
        if (snapshot != null) {
            availability.update(snapshot);
        }
    }
}
