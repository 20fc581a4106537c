package io.sluice.allocator.messaging;

import io.sluice.allocator.claim.ClaimRepository;
import io.sluice.events.BookingDecided;
import io.sluice.events.Topics;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.reactive.messaging.Channel;

/**
 * Publishes committed decisions and then records that Kafka has them. Decisions whose record never
 * happened (crash, broker down) are found and sent again by {@link DecisionOutboxRelay}.
 *
 * <p>A batch goes straight to the channel's Kafka producer, one callback per record, on the
 * connector's sending thread (sends may block while the broker is away). Sending each decision as a
 * reactive-messaging {@code Message} cost more CPU than deciding it: a profile of the allocator
 * benchmark showed 40 % of the allocator's CPU in the per-message machinery (context propagation,
 * metadata, one {@code Uni} per acknowledgement). The topic, key and serializers stay the same.
 */
@ApplicationScoped
public class DecisionPublisher {

    private final KafkaClientService kafka;
    private final ClaimRepository repository;

    /**
     * @param wired not used to send: it keeps the outgoing channel, and so its producer, wired up
     */
    public DecisionPublisher(@Channel(Topics.BOOKING_DECISIONS) MutinyEmitter<BookingDecided> wired, KafkaClientService kafka,
            ClaimRepository repository) {
        this.kafka = kafka;
        this.repository = repository;
    }

    /** Publishes one committed batch's decisions, then marks its outbox row published. */
    public Uni<Void> publish(long batchId, List<BookingDecided> batch) {
        if (batch.isEmpty()) {
            return repository.markPublished(batchId);
        }
        return Uni.createFrom().<Void>emitter(acked -> {
                    Consumer<Producer<String, BookingDecided>> sendAll = producer -> send(producer, batch, acked);
                    kafka.<String, BookingDecided>getProducer(Topics.BOOKING_DECISIONS).runOnSendingThread(sendAll)
                            .subscribe().with(sent -> { }, acked::fail);
                })
                .chain(() -> repository.markPublished(batchId));
    }

    /** Sends every decision; {@code acked} completes when Kafka acknowledged all, or fails with the first error. */
    private static void send(Producer<String, BookingDecided> producer, List<BookingDecided> batch, UniEmitter<? super Void> acked) {
        AtomicInteger pending = new AtomicInteger(batch.size());
        AtomicReference<Exception> failed = new AtomicReference<>();
        Runnable settled = () -> {
            if (failed.get() != null) {
                acked.fail(failed.get());
            } else {
                acked.complete(null);
            }
        };
        for (int i = 0; i < batch.size(); i++) {
            BookingDecided decision = batch.get(i);
            try {
                producer.send(new ProducerRecord<>(Topics.BOOKING_DECISIONS, decision.requestId().toString(), decision),
                        (metadata, error) -> {
                            if (error != null) {
                                failed.compareAndSet(null, error);
                            }
                            if (pending.decrementAndGet() == 0) {
                                settled.run();
                            }
                        });
            } catch (RuntimeException e) {
                // Not sent (e.g. no broker within max.block.ms): stop here, the relay sends the batch again.
                failed.compareAndSet(null, e);
                if (pending.addAndGet(-(batch.size() - i)) == 0) {
                    settled.run();
                }
                return;
            }
        }
    }
}
