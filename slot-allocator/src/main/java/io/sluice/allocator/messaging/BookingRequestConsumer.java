package io.sluice.allocator.messaging;

import io.sluice.allocator.AllocatorConfig;
import io.sluice.allocator.claim.Allocator;
import io.sluice.allocator.claim.ClaimRepository;
import io.sluice.events.BookingRequested;
import io.sluice.events.Topics;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import io.smallrye.reactive.messaging.kafka.KafkaConsumer;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
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
 *
 * <p>Polls that arrive while a batch is on its way wait here and are decided together as the next batch.
 * The connector hands over each Kafka poll on its own, and under a steady stream a poll holds only what
 * arrived in the last few milliseconds: decided one by one, each paid a transaction's statements and
 * commit for a few hundred requests, and the polls behind it queued. Gathered, a batch holds everything
 * that arrived while the one before was decided, so batches grow with the load instead of the queue.
 */
@ApplicationScoped
public class BookingRequestConsumer {

    private static final Logger LOG = Logger.getLogger(BookingRequestConsumer.class);

    private final Allocator allocator;
    private final KafkaClientService kafka;
    private final AllocatorConfig config;
    // Guarded by this: records received and not yet taken into a batch, in the order they came.
    private List<ConsumerRecord<String, BookingRequested>> waiting = new ArrayList<>();
    private boolean batchOnItsWay;
    private CompletableFuture<Void> roomToWait = new CompletableFuture<>();
    // Touched only by the batch on its way, one at a time.
    private Uni<Set<Integer>> previousPoll = Uni.createFrom().item(Set.of());
    private Set<UUID> previousRequestIds = Set.of();
    private AtomicBoolean previousPollEnded = new AtomicBoolean(true);

    public BookingRequestConsumer(Allocator allocator, KafkaClientService kafka,
            AllocatorConfig config) {
        this.allocator = allocator;
        this.kafka = kafka;
        this.config = config;
    }

    /**
     * Takes a poll's records to wait for the next batch, and starts one if none is on its way. The
     * connector hands over the next poll once this returns: while a full batch waits, it waits too.
     */
    @Incoming(Topics.BOOKING_REQUESTS)
    public Uni<Void> onPoll(ConsumerRecords<String, BookingRequested> poll) {
        if (poll.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        boolean start;
        CompletableFuture<Void> room;
        synchronized (this) {
            poll.forEach(waiting::add);
            start = !batchOnItsWay;
            batchOnItsWay = true;
            room = waiting.size() < config.batchLimit() ? null : roomToWait;
        }
        if (start) {
            decideWaiting(Vertx.currentContext());
        }
        return room == null ? Uni.createFrom().voidItem() : Uni.createFrom().completionStage(room);
    }

    /** Records of partitions taken away are not decided here: their new owner reads them from the stored offset. */
    public synchronized void forgetWaiting(Collection<Integer> partitions) {
        waiting.removeIf(record -> partitions.contains(record.partition()));
    }

    /**
     * Decides what waits, up to a batch, and once the next batch may start, does it again, until nothing
     * waits. {@code context} is where the connector calls {@link #onPoll}; the next round runs there too.
     */
    private void decideWaiting(Context context) {
        List<ConsumerRecord<String, BookingRequested>> records;
        CompletableFuture<Void> room = null;
        synchronized (this) {
            if (waiting.isEmpty()) {
                batchOnItsWay = false;
                return;
            }
            int limit = config.batchLimit();
            if (waiting.size() <= limit) {
                records = waiting;
                waiting = new ArrayList<>();
            } else {
                // Order within each partition is kept: the rest follows on where this batch ends.
                records = new ArrayList<>(waiting.subList(0, limit));
                waiting = new ArrayList<>(waiting.subList(limit, waiting.size()));
            }
            if (waiting.size() < limit) {
                room = roomToWait;
                roomToWait = new CompletableFuture<>();
            }
        }
        if (room != null) {
            room.complete(null);
        }
        // Deferred: a failure thrown while the batch is set up ends it like any other, and the next round still runs.
        Uni.createFrom().deferred(() -> decide(records)).subscribe().with(
                next -> nextRound(context),
                failure -> {
                    LOG.errorf("batch of %d requests not finished: %s", records.size(), failure.toString());
                    nextRound(context);
                });
    }

    private void nextRound(Context context) {
        if (context == null) {
            decideWaiting(null);
        } else {
            // On the connector's context, as onPoll is, and not inside the callback that ended the last batch.
            context.runOnContext(ignored -> decideWaiting(context));
        }
    }

    /** Decides one batch; ends when the next batch may be decided. */
    private Uni<Void> decide(List<ConsumerRecord<String, BookingRequested>> records) {
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
                // Set before anyone hears the outcome, so the next batch sees it once this one has ended.
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
