package io.sluice.notifier.waitlist;

import io.sluice.events.Topics;
import io.sluice.events.serde.SlotsFreedDeserializer;
import io.sluice.notifier.delivery.ConsumedEvent;
import io.sluice.notifier.delivery.EventIntake;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Slots freed in a sold-out release become offers to its confirmed waitlist. */
@ApplicationScoped
public class SlotsFreedListener {

    private final EventIntake intake;
    private final WaitlistOfferService offers;
    private final SlotsFreedDeserializer reader = new SlotsFreedDeserializer();

    public SlotsFreedListener(EventIntake intake, WaitlistOfferService offers) {
        this.intake = intake;
        this.offers = offers;
    }

    @Incoming(Topics.SLOTS_FREED)
    public Uni<Void> onSlotsFreed(KafkaRecordBatch<String, byte[]> batch) {
        return intake.handle(batch, batch.getRecords().stream().map(ConsumedEvent::of).toList(), reader, offers::offer);
    }
}
