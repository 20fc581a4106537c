package io.sluice.notifier.confirmation;

import io.sluice.events.BookingDecided;
import io.sluice.events.Topics;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Confirmed decisions become confirmations; the notifier's own consumer group never slows the allocator. */
@ApplicationScoped
public class DecisionListener {

    private final ConfirmationService confirmations;

    public DecisionListener(ConfirmationService confirmations) {
        this.confirmations = confirmations;
    }

    @Incoming(Topics.BOOKING_DECISIONS)
    public Uni<Void> onDecision(BookingDecided decision) {
        if (decision == null || !decision.confirmed()) {
            return Uni.createFrom().voidItem();
        }
        return confirmations.confirm(decision);
    }
}
