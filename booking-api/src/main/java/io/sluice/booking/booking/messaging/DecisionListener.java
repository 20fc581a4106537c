package io.sluice.booking.booking.messaging;

import io.sluice.booking.booking.service.BookingRequestStatus;
import io.sluice.booking.booking.service.DecisionCache;
import io.sluice.booking.dashboard.service.DecisionTally;
import io.sluice.booking.waitingroom.service.DecisionRate;
import io.sluice.events.BookingDecided;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Fills the decision cache; each instance has its own consumer group, so it sees every decision. */
@ApplicationScoped
public class DecisionListener {

    private final DecisionCache decisions;
    private final DecisionRate rate;
    private final DecisionTally tally;

    public DecisionListener(DecisionCache decisions, DecisionRate rate, DecisionTally tally) {
        this.decisions = decisions;
        this.rate = rate;
        this.tally = tally;
    }

    @Incoming("booking-decisions")
    public void onDecision(BookingDecided decision) {
        // An unreadable record arrives as null (fail-on-deserialization-failure=false): nothing to show.
        if (decision != null) {
            decisions.put(BookingRequestStatus.of(decision));
            // The admission controller keeps admissions in step with how fast the allocator decides.
            rate.record(decision.releaseId());
            tally.record(decision);
        }
    }
}
