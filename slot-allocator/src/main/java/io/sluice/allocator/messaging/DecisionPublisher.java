package io.sluice.allocator.messaging;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.sluice.allocator.claim.ClaimRepository;
import io.sluice.events.BookingDecided;
import io.sluice.events.Topics;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.jboss.logging.Logger;

/**
 * Publishes committed decisions and then records that Kafka has them. Decisions whose record never
 * happened (crash, broker down) are found and sent again by {@link DecisionOutboxRelay}.
 *
 * <p>A batch goes straight to the channel's Kafka producer, one callback per record, on the
 * connector's sending thread (sends may block while the broker is away). Sending each decision as a
 * reactive-messaging {@code Message} cost more CPU than deciding it: a profile of the allocator
 * benchmark showed 40 % of the allocator's CPU in the per-message machinery (context propagation,
 * metadata, one {@code Uni} per acknowledgement). The topic, key and serializers stay the same.
 *
 * <p>Published batches are marked a few times a second, all at once, not each in a transaction of its own:
 * under a stream of small batches that was a second commit, a second wait for the WAL flush, per batch. A
 * mark lost in a crash only makes the relay send a batch again, as it would after any crash between the
 * acknowledgement and the mark; the marks wait far less than the relay's {@code republish-after}.
 */
@ApplicationScoped
public class DecisionPublisher {

    /** How long a published batch waits for its mark at most; well below the relay's republish-after (2 s). */
    static final Duration MARK_EVERY = Duration.ofMillis(200);

    private static final Logger LOG = Logger.getLogger(DecisionPublisher.class);

    private final KafkaClientService kafka;
    private final ClaimRepository repository;
    private final Queue<Long> toMark = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean marking = new AtomicBoolean();
    private final AtomicBoolean markFailing = new AtomicBoolean();

    /**
     * @param wired not used to send: it keeps the outgoing channel, and so its producer, wired up
     */
    public DecisionPublisher(@Channel(Topics.BOOKING_DECISIONS) MutinyEmitter<BookingDecided> wired, KafkaClientService kafka,
            ClaimRepository repository) {
        this.kafka = kafka;
        this.repository = repository;
    }

    /** Publishes one committed batch's decisions; once Kafka has them all, its outbox row is due for a mark. */
    public Uni<Void> publish(long batchId, List<BookingDecided> batch) {
        if (batch.isEmpty()) {
            toMark.add(batchId);
            return Uni.createFrom().voidItem();
        }
        return Uni.createFrom().<Void>emitter(acked -> {
                    Consumer<Producer<String, BookingDecided>> sendAll = producer -> send(producer, batch, acked);
                    kafka.<String, BookingDecided>getProducer(Topics.BOOKING_DECISIONS).runOnSendingThread(sendAll)
                            .subscribe().with(sent -> { }, acked::fail);
                })
                .invoke(() -> toMark.add(batchId));
    }

    void startMarking(@Observes StartupEvent start, Vertx vertx) {
        vertx.setPeriodic(MARK_EVERY.toMillis(), tick -> {
            if (marking.compareAndSet(false, true)) {
                markPublished().subscribe().with(done -> marking.set(false), failure -> marking.set(false));
            }
        });
    }

    /** A stop in order leaves no batch for the relay to send again. */
    void markBeforeStopping(@Observes ShutdownEvent stop) {
        try {
            markPublished().await().atMost(Duration.ofSeconds(5));
        } catch (RuntimeException e) {
            LOG.warnf("published batches not marked before stopping, the relay sends them again: %s", e.toString());
        }
    }

    /** Marks every batch published since the last time in one statement; on failure they wait for the next. */
    Uni<Void> markPublished() {
        List<Long> due = new ArrayList<>();
        for (Long id = toMark.poll(); id != null; id = toMark.poll()) {
            due.add(id);
        }
        if (due.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return repository.markPublished(due)
                .invoke(() -> {
                    if (markFailing.getAndSet(false)) {
                        LOG.infof("published batches are marked again (%d at once)", due.size());
                    }
                })
                .onFailure().recoverWithUni(failure -> {
                    toMark.addAll(due);
                    // Once per outage, not five times a second while the database is away.
                    if (!markFailing.getAndSet(true)) {
                        LOG.warnf("published batches not marked, retried every %d ms: %s", MARK_EVERY.toMillis(),
                                failure.toString());
                    }
                    return Uni.createFrom().voidItem();
                });
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
