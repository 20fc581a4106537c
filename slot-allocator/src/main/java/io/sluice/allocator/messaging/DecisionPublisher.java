package io.sluice.allocator.messaging;

import io.sluice.allocator.claim.ClaimRepository;
import io.sluice.events.BookingDecided;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

/**
 * Publishes committed decisions and then records that Kafka has them. Decisions whose record never
 * happened (crash, broker down) are found and sent again by {@link DecisionOutboxRelay}.
 */
@ApplicationScoped
public class DecisionPublisher {

    private final MutinyEmitter<BookingDecided> decisions;
    private final ClaimRepository repository;

    public DecisionPublisher(@Channel("booking-decisions")
            @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 16384) MutinyEmitter<BookingDecided> decisions,
            ClaimRepository repository) {
        this.decisions = decisions;
        this.repository = repository;
    }

    /** Publishes one committed batch's decisions, then marks its outbox row published. */
    public Uni<Void> publish(long batchId, List<BookingDecided> batch) {
        if (batch.isEmpty()) {
            return repository.markPublished(batchId);
        }
        List<Uni<Void>> sends = batch.stream()
                .map(decision -> decisions.sendMessage(Message.of(decision).addMetadata(
                        OutgoingKafkaRecordMetadata.<String>builder().withKey(decision.requestId().toString()).build())))
                .toList();
        return Uni.join().all(sends).andCollectFailures()
                .chain(() -> repository.markPublished(batchId));
    }
}
