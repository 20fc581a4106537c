package io.sluice.allocator.messaging;

import io.sluice.allocator.AllocatorConfig;
import io.sluice.allocator.claim.Allocator;
import io.sluice.events.BookingRequested;
import io.sluice.events.Topics;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import io.smallrye.reactive.messaging.kafka.KafkaConsumer;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Receives booking requests a poll at a time. Kafka offsets are never committed to Kafka: they are
 * stored with the decisions, and a failed batch is re-read by seeking back to them.
 */
@ApplicationScoped
public class BookingRequestConsumer {

    private static final Logger LOG = Logger.getLogger(BookingRequestConsumer.class);

    private final Allocator allocator;
    private final PartitionCursors cursors;
    private final KafkaClientService kafka;
    private final AllocatorConfig config;

    public BookingRequestConsumer(Allocator allocator, PartitionCursors cursors, KafkaClientService kafka,
            AllocatorConfig config) {
        this.allocator = allocator;
        this.cursors = cursors;
        this.kafka = kafka;
        this.config = config;
    }

    @Incoming(Topics.BOOKING_REQUESTS)
    public Uni<Void> onBatch(ConsumerRecords<String, BookingRequested> batch) {
        List<ConsumerRecord<String, BookingRequested>> records = new ArrayList<>(batch.count());
        batch.forEach(records::add);
        if (records.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return allocator.decide(records)
                .call(outcomes -> {
                    Map<Integer, Long> rewinds = new HashMap<>();
                    outcomes.forEach(outcome -> rewinds.putAll(outcome.rewinds()));
                    return seek(rewinds);
                })
                .invoke(outcomes -> outcomes.forEach(outcome -> allocator.publish(outcome).subscribe().with(
                        // Off the critical path: the next batch need not wait for Kafka's acks. Committed
                        // decisions are safe in the outbox; if this fails the relay publishes them.
                        published -> { },
                        failure -> LOG.warnf("decisions committed but not yet published: %s", failure.toString()))))
                .replaceWithVoid()
                .onFailure().recoverWithUni(failure -> {
                    // Lanes that did commit have moved their cursors: only the others are read again. Their
                    // decisions wait for the outbox relay.
                    LOG.errorf("poll of %d requests not committed in full, re-reading what was not: %s", records.size(),
                            failure.toString());
                    Map<Integer, Long> rewinds = new HashMap<>();
                    records.stream().map(ConsumerRecord::partition).distinct().forEach(partition ->
                            cursors.expected(partition).ifPresentOrElse(next -> rewinds.put(partition, next),
                                    () -> rewinds.put(partition, records.stream()
                                            .filter(r -> r.partition() == partition)
                                            .mapToLong(ConsumerRecord::offset).min().orElseThrow())));
                    return Uni.createFrom().voidItem()
                            .onItem().delayIt().by(config.retryBackoff())
                            .call(() -> seek(rewinds));
                });
    }

    private Uni<Void> seek(Map<Integer, Long> rewinds) {
        if (rewinds.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        KafkaConsumer<String, BookingRequested> consumer = kafka.getConsumer(Topics.BOOKING_REQUESTS);
        return Uni.join().all(rewinds.entrySet().stream()
                        .map(rewind -> consumer.seek(new TopicPartition(Topics.BOOKING_REQUESTS, rewind.getKey()), rewind.getValue()))
                        .toList())
                .andCollectFailures()
                .replaceWithVoid();
    }
}
