package io.sluice.notifier.booking;

import io.sluice.events.Topics;
import io.sluice.events.serde.BookingCancelledDeserializer;
import io.sluice.notifier.delivery.ConsumedEvent;
import io.sluice.notifier.delivery.EventIntake;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Cancelled bookings become cancellation messages. */
@ApplicationScoped
public class CancellationListener {

    private final EventIntake intake;
    private final CancellationService cancellations;
    private final BookingCancelledDeserializer reader = new BookingCancelledDeserializer();

    public CancellationListener(EventIntake intake, CancellationService cancellations) {
        this.intake = intake;
        this.cancellations = cancellations;
    }

    @Incoming(Topics.BOOKING_CANCELLATIONS)
    public Uni<Void> onCancellations(KafkaRecordBatch<String, byte[]> batch) {
        return intake.handle(batch, batch.getRecords().stream().map(ConsumedEvent::of).toList(), reader,
                cancellations::notifyCancelled);
    }
}
