package io.sluice.allocator.messaging;

import io.sluice.allocator.AllocatorConfig;
import io.sluice.allocator.claim.Allocator;
import io.sluice.allocator.claim.ClaimRepository;
import io.sluice.events.BookingRequested;
import io.sluice.events.Topics;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import io.smallrye.reactive.messaging.kafka.KafkaConsumer;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
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
    private final KafkaClientService kafka;
    private final AllocatorConfig config;
    // Touched only by onBatch, which the connector calls one poll at a time.
    private Uni<Set<Integer>> previousPoll = Uni.createFrom().item(Set.of());
    private Set<UUID> previousRequestIds = Set.of();
    private AtomicBoolean previousPollEnded = new AtomicBoolean(true);

    public BookingRequestConsumer(Allocator allocator, KafkaClientService kafka,
            AllocatorConfig config) {
        this.allocator = allocator;
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
        // A poll that had ended before this one was decided cannot make it stale: what it did not commit was
        // sought back, and the cursors take this poll's records only from there. Checking this poll against
        // it would fail this poll too, and the next one against this one, without end.
        boolean previousEnded = previousPollEnded.get();
        Uni<Set<Integer>> previous = previousEnded ? Uni.createFrom().item(Set.of()) : previousPoll;
        Allocator.Poll poll = allocator.decide(records, previous, previousEnded ? Set.of() : previousRequestIds);
        AtomicBoolean ended = new AtomicBoolean();
        Uni<Set<Integer>> committed = poll.outcomes().chain(this::afterCommit)
                .onFailure().recoverWithItem(failure -> {
                    // Lanes report their own failures; this is a failure between them. The next poll of these
                    // partitions fails as well and reads them again.
                    LOG.errorf("poll of %d requests not finished: %s", records.size(), failure.toString());
                    return records.stream().map(ConsumerRecord::partition).collect(Collectors.toSet());
                })
                // Set before anyone hears the outcome, so the next onBatch sees it once this poll has ended.
                .invoke(notCommitted -> ended.set(true))
                .memoize().indefinitely();
        committed.subscribe().with(notCommitted -> { });
        previousPoll = committed;
        previousPollEnded = ended;
        previousRequestIds = poll.requestIds();
        if (!config.decideWhileCommitting()) {
            return committed.replaceWithVoid();
        }
        // The next poll may be decided as soon as this one is, while this one commits, but not before the
        // previous one has committed (at most two polls on their way). When the previous one left partitions
        // uncommitted, this one is waited for too, so that the next poll starts after the seeks back.
        return poll.decided()
                .chain(() -> previous)
                .chain(notCommitted -> notCommitted.isEmpty() ? Uni.createFrom().voidItem() : committed.replaceWithVoid());
    }

    /**
     * Sends each committed lane's decisions on, and moves the reading back where records were not decided.
     *
     * @return the partitions not committed, which a poll decided on top of this one must not commit either
     */
    private Uni<Set<Integer>> afterCommit(List<Allocator.Outcome> outcomes) {
        Map<Integer, Long> rewinds = new HashMap<>();
        outcomes.forEach(outcome -> rewinds.putAll(outcome.rewinds()));
        outcomes.stream().filter(Allocator.Outcome::committed).forEach(outcome -> allocator.publish(outcome).subscribe().with(
                // Off the critical path: the next batch need not wait for Kafka's acks. Committed
                // decisions are safe in the outbox; if this fails the relay publishes them.
                published -> { },
                failure -> LOG.warnf("decisions committed but not yet published: %s", failure.toString())));
        List<Allocator.Outcome> failed = outcomes.stream().filter(outcome -> !outcome.committed()).toList();
        if (failed.isEmpty()) {
            return seek(rewinds).replaceWith(Set.of());
        }
        Set<Integer> notCommitted = new HashSet<>();
        failed.forEach(outcome -> notCommitted.addAll(outcome.rewinds().keySet()));
        List<Throwable> causes = failed.stream().map(Allocator.Outcome::failure)
                // A lane that failed only because the poll before failed is a consequence, not a cause. A lane
                // that met a request decided before is decided again at once, checked this time.
                .filter(f -> !(f instanceof Allocator.PreviousPollFailed) && !(f instanceof ClaimRepository.RequestsDecidedBefore))
                .toList();
        if (causes.isEmpty()) {
            // The previous poll has waited out the back-off already.
            return seek(rewinds).replaceWith(notCommitted);
        }
        // Lanes that did commit have moved their offsets: only the others are read again. Their decisions
        // wait for the outbox relay.
        LOG.errorf("poll not committed for partitions %s, reading them again: %s", notCommitted, causes.get(0).toString());
        return Uni.createFrom().voidItem()
                .onItem().delayIt().by(config.retryBackoff())
                .call(() -> seek(rewinds))
                .replaceWith(notCommitted);
    }

    private Uni<Void> seek(Map<Integer, Long> rewinds) {
        if (rewinds.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        KafkaConsumer<String, BookingRequested> consumer = kafka.getConsumer(Topics.BOOKING_REQUESTS);
        return Uni.join().all(rewinds.entrySet().stream()
                        .map(rewind -> consumer.seek(new TopicPartition(Topics.BOOKING_REQUESTS, rewind.getKey()), rewind.getValue())
                                // A partition taken away meanwhile cannot be sought; its new owner starts at the stored offset.
                                .onFailure().invoke(failure -> LOG.infof("not moving partition %d back: %s", rewind.getKey(), failure.toString()))
                                .onFailure().recoverWithNull())
                        .toList())
                .andCollectFailures()
                .replaceWithVoid();
    }
}
