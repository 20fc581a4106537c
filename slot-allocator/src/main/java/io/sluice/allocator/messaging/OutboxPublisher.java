package io.sluice.allocator.messaging;

import io.sluice.allocator.claim.ClaimRepository;
import io.sluice.allocator.claim.ClaimRepository.OutboxEvent;
import io.sluice.events.Topics;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

/**
 * Publishes the allocator's other committed events, then marks them published: requests passed on
 * to the next pool of their list (back onto the request topic, keyed by that pool, so its single
 * writer decides them), cancellations, and freed slots of sold-out releases for waitlist offers. What Kafka did not acknowledge is sent again by
 * {@link DecisionOutboxRelay}; consumers are idempotent by request id.
 */
@ApplicationScoped
public class OutboxPublisher {

    private final Map<String, MutinyEmitter<Object>> channels;
    private final ClaimRepository repository;

    public OutboxPublisher(
            @Channel("request-forwards") @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 16384)
            MutinyEmitter<Object> forwards,
            @Channel(Topics.BOOKING_CANCELLATIONS) @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 4096)
            MutinyEmitter<Object> cancellations,
            @Channel(Topics.SLOTS_FREED) @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 4096)
            MutinyEmitter<Object> freedSlots,
            ClaimRepository repository) {
        this.channels = Map.of(Topics.BOOKING_REQUESTS, forwards, Topics.BOOKING_CANCELLATIONS, cancellations,
                Topics.SLOTS_FREED, freedSlots);
        this.repository = repository;
    }

    public Uni<Void> publish(List<OutboxEvent> events, List<Long> eventIds) {
        if (events.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Uni<Void>> sends = new ArrayList<>();
        for (OutboxEvent event : events) {
            sends.add(channels.get(event.topic()).sendMessage(Message.of(event.payload()).addMetadata(
                    OutgoingKafkaRecordMetadata.<String>builder().withKey(event.key()).build())));
        }
        return Uni.join().all(sends).andCollectFailures()
                .chain(() -> repository.markEventsPublished(eventIds));
    }
}
