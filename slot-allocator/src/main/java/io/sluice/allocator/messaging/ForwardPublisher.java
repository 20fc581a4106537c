package io.sluice.allocator.messaging;

import io.sluice.allocator.claim.ClaimRepository;
import io.sluice.events.BookingRequested;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

/**
 * Hands a request whose pool is sold out to the next pool of its list: back onto the request topic,
 * keyed by that pool, so that pool's single writer decides it. Committed forwards not acknowledged
 * by Kafka are sent again by {@link DecisionOutboxRelay}; a request id decided once is never decided again.
 */
@ApplicationScoped
public class ForwardPublisher {

    private final MutinyEmitter<BookingRequested> requests;
    private final ClaimRepository repository;

    public ForwardPublisher(@Channel("request-forwards")
            @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 16384) MutinyEmitter<BookingRequested> requests,
            ClaimRepository repository) {
        this.requests = requests;
        this.repository = repository;
    }

    public Uni<Void> publish(List<BookingRequested> forwards, List<Long> forwardIds) {
        if (forwards.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Uni<Void>> sends = new ArrayList<>();
        for (BookingRequested forward : forwards) {
            sends.add(requests.sendMessage(Message.of(forward).addMetadata(
                    OutgoingKafkaRecordMetadata.<String>builder().withKey(forward.poolKey()).build())));
        }
        return Uni.join().all(sends).andCollectFailures()
                .chain(() -> repository.markForwarded(forwardIds));
    }
}
