package io.sluice.notifier.booking;

import io.sluice.events.Topics;
import io.sluice.events.serde.BookingDecidedDeserializer;
import io.sluice.notifier.delivery.ConsumedEvent;
import io.sluice.notifier.delivery.EventIntake;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Confirmed decisions become confirmations. The notifier's own consumer group never slows the
 * allocator; batches let one database round trip claim hundreds of messages during a sell-out.
 */
@ApplicationScoped
public class DecisionListener {

    private final EventIntake intake;
    private final ConfirmationService confirmations;
    private final BookingDecidedDeserializer reader = new BookingDecidedDeserializer();

    public DecisionListener(EventIntake intake, ConfirmationService confirmations) {
        this.intake = intake;
        this.confirmations = confirmations;
    }

    @Incoming(Topics.BOOKING_DECISIONS)
    public Uni<Void> onDecisions(KafkaRecordBatch<String, byte[]> batch) {
        return intake.handle(batch, batch.getRecords().stream().map(ConsumedEvent::of).toList(), reader,
                confirmations::confirm);
    }
}
