package io.sluice.allocator.claim;

import io.sluice.allocator.AllocatorConfig;
import io.sluice.allocator.messaging.AvailabilityPublisher;
import io.sluice.allocator.messaging.DecisionPublisher;
import io.sluice.allocator.messaging.OutboxPublisher;
import io.sluice.allocator.messaging.PartitionCursors;
import io.sluice.allocator.pool.PoolRegistry;
import io.sluice.allocator.pool.SlotPool;
import io.sluice.allocator.stats.AllocatorStats;
import io.sluice.events.BookingCancelled;
import io.sluice.events.BookingDecided;
import io.sluice.events.BookingRequested;
import io.sluice.events.RequestKind;
import io.sluice.events.Topics;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jboss.logging.Logger;

/**
 * Decides polled batches of booking requests and commits each with the partitions' next offsets in
 * PostgreSQL transactions, one per commit lane.
 */
@ApplicationScoped
public class Allocator {

    private static final Logger LOG = Logger.getLogger(Allocator.class);

    private final ClaimRepository repository;
    private final PoolRegistry pools;
    private final PartitionCursors cursors;
    private final DecisionPublisher publisher;
    private final OutboxPublisher outbox;
    private final AvailabilityPublisher availability;
    private final BookingCodes codes;
    private final AllocatorStats stats;
    private final AllocatorConfig config;
    private final Clock clock;
    /**
     * Partitions whose requests are checked against the database for an earlier decision before they are
     * decided. A request is published twice only rarely, so by default none is: the batch's decisions are
     * recorded only on undecided requests, and a batch that finds one decided is rolled back and its
     * partitions join this set until a check finds nothing. The check took a sixth of the database's time.
     */
    private final Set<Integer> checkedForEarlierDecisions = ConcurrentHashMap.newKeySet();

    public Allocator(ClaimRepository repository, PoolRegistry pools, PartitionCursors cursors,
            DecisionPublisher publisher, OutboxPublisher outbox, AvailabilityPublisher availability, BookingCodes codes, AllocatorStats stats,
            AllocatorConfig config, Clock clock) {
        this.repository = repository;
        this.pools = pools;
        this.cursors = cursors;
        this.publisher = publisher;
        this.outbox = outbox;
        this.availability = availability;
        this.codes = codes;
        this.stats = stats;
        this.config = config;
        this.clock = clock;
    }

    /**
     * What a lane of a poll did: its decisions with their outbox row, the partitions to read again from
     * where (records not decided, or the whole lane when it failed), and why it failed, if it did.
     */
    public record Outcome(Long batchId, List<BookingDecided> decisions, List<ClaimRepository.OutboxEvent> events,
            List<Long> eventIds, Map<Integer, Long> rewinds, Throwable failure) {

        public boolean committed() {
            return failure == null;
        }
    }

    /**
     * A poll on its way: {@code decided} ends when every lane has decided in memory (its transaction still
     * open), {@code outcomes} when every lane has committed or failed. Once decided, {@code requestIds} holds
     * the requests it answered, which the next poll must not answer again while this one commits.
     */
    public record Poll(Uni<Void> decided, Uni<List<Outcome>> outcomes, Set<UUID> requestIds) {
    }

    /** The previous poll was not committed for some of these partitions: what was decided on top of it must not be. */
    public static final class PreviousPollFailed extends RuntimeException {
        PreviousPollFailed(Set<Integer> partitions) {
            super("the previous poll was not committed for partitions " + partitions, null, false, false);
        }
    }

    /** Another instance committed a partition since this one read it: its pools here are stale. */
    public static final class PartitionsMoved extends RuntimeException {
        final Map<Integer, Long> stored;

        PartitionsMoved(Map<Integer, Long> stored) {
            super("partitions committed elsewhere, now at " + stored, null, false, false);
            this.stored = stored;
        }
    }

    /**
     * Decides a poll's records. Partitions share nothing (each pool lives in one), so they are split into
     * {@link AllocatorConfig#commitLanes()} groups, each decided and committed in a transaction of its own
     * on its own connection, side by side: the database works on several batches at once instead of
     * waiting for one. A lane that fails leaves the others committed.
     * <p>
     * A poll may be decided while the previous one commits ({@code previous}, which ends with the partitions
     * it did not commit): its reads and its decisions in memory overlap the previous poll's writes, and its
     * own writes wait for them. The pools in memory already hold the previous poll's claims. A lane whose
     * partitions the previous poll did not commit fails too, before it writes; if another instance took a
     * partition meanwhile, the offsets locked before the writes show it. Either way nothing stale is
     * committed, and the records are read again.
     */
    public Poll decide(List<ConsumerRecord<String, BookingRequested>> records, Uni<Set<Integer>> previous,
            Set<UUID> previousRequestIds) {
        Map<Integer, List<ConsumerRecord<String, BookingRequested>>> byPartition = records.stream()
                .collect(Collectors.groupingBy(ConsumerRecord::partition, LinkedHashMap::new, Collectors.toList()));
        Instant now = clock.instant();
        List<Selection> lanes = CommitLanes.split(byPartition, config.commitLanes()).stream().map(this::select).toList();
        Set<UUID> decidedHere = ConcurrentHashMap.newKeySet();
        List<CompletableFuture<Void>> decided = lanes.stream().map(lane -> new CompletableFuture<Void>()).toList();
        List<Uni<Outcome>> outcomes = new ArrayList<>();
        for (int i = 0; i < lanes.size(); i++) {
            outcomes.add(decideLane(lanes.get(i), now, previous, previousRequestIds, decidedHere, decided.get(i)));
        }
        return new Poll(Uni.createFrom().completionStage(CompletableFuture.allOf(decided.toArray(CompletableFuture[]::new))).replaceWithVoid(),
                Uni.join().all(outcomes).andCollectFailures(),
                decidedHere);
    }

    /**
     * A lane's records as this instance reads its partitions: where each partition starts (the end of
     * the last poll decided here), the requests in offset order, and where each partition ends.
     */
    private record Selection(Map<Integer, List<ConsumerRecord<String, BookingRequested>>> byPartition, Map<Integer, Long> starts,
            Map<Integer, Long> nextOffsets, Map<Integer, Long> rewinds, List<BookingRequested> requests,
            Map<String, Integer> partitionOfPool) {
    }

    /** Picks the records that follow on from the last poll decided here, and moves the cursors past them. */
    private Selection select(Map<Integer, List<ConsumerRecord<String, BookingRequested>>> byPartition) {
        Map<Integer, Long> starts = new HashMap<>();
        Map<Integer, Long> nextOffsets = new HashMap<>();
        Map<Integer, Long> rewinds = new HashMap<>();
        Map<String, Integer> partitionOfPool = new HashMap<>();
        List<BookingRequested> requests = new ArrayList<>();
        Set<UUID> seen = new HashSet<>();
        byPartition.forEach((partition, partitionRecords) -> {
            long expected = cursors.expected(partition).orElse(partitionRecords.get(0).offset());
            starts.put(partition, expected);
            long last = -1;
            for (ConsumerRecord<String, BookingRequested> record : partitionRecords) {
                last = Math.max(last, record.offset());
                // Below the cursor is a replay; above it, a gap. Polls gathered across a seek back hold both,
                // and the records read again after the seek follow them.
                if (record.offset() != expected) {
                    continue;
                }
                expected++;
                BookingRequested request = record.value();
                // An unreadable record (null) is skipped: it has no request id to answer.
                if (request != null && seen.add(request.requestId())) {
                    requests.add(request);
                    partitionOfPool.putIfAbsent(request.poolKey(), partition);
                }
            }
            if (last >= expected) {
                rewinds.put(partition, expected);
            }
            nextOffsets.put(partition, expected);
            cursors.advance(partition, expected);
        });
        return new Selection(byPartition, starts, nextOffsets, rewinds, requests, partitionOfPool);
    }

    private Uni<Outcome> decideLane(Selection lane, Instant now, Uni<Set<Integer>> previous, Set<UUID> previousRequestIds,
            Set<UUID> decidedHere, CompletableFuture<Void> decided) {
        boolean checkEarlierDecisions = !Collections.disjoint(checkedForEarlierDecisions, lane.starts().keySet());
        return repository
                .inTransaction(conn -> decideInMemory(conn, lane, now, previous, previousRequestIds, checkEarlierDecisions)
                        .invoke(decisions -> {
                            decisions.stream().filter(Decision::isFinal).forEach(d -> decidedHere.add(d.request().requestId()));
                            decided.complete(null);
                        })
                        .call(() -> afterPrevious(previous, lane))
                        // The offsets are locked and checked right ahead of the writes, without waiting for the
                        // answer: the writes queue behind the lock on the same connection, answers come in order,
                        // and a lane whose partitions moved fails with that before any write's answer counts.
                        .chain(decisions -> Uni.combine().all().unis(verifyOffsets(conn, lane),
                                        repository.commit(conn, decisions, now, config.consumerGroup(),
                                                Topics.BOOKING_REQUESTS, lane.nextOffsets(), !checkEarlierDecisions))
                                .with((verified, committed) -> committed)
                                .invoke(committed -> forgetPoolsRefusedByDatabase(decisions, committed.decisions()))))
                // Only what was committed moves the published availability.
                .map(committed -> finish(committed, lane.rewinds(), now))
                .onItem().invoke(outcome -> outcome.rewinds().keySet().forEach(pools::forgetPartition))
                .onFailure().recoverWithItem(failure -> failed(lane, failure, decidedHere))
                .onTermination().invoke(() -> decided.complete(null));
    }

    /**
     * A lane that was not committed: its pools hold claims the database does not, so they are forgotten,
     * and its partitions are read again from where the lane started (or, when another instance committed
     * them meanwhile, from where that one stopped). Its requests leave {@code decidedHere}: the poll that
     * reads them again must not take them for answered by this one.
     */
    private Outcome failed(Selection lane, Throwable failure, Set<UUID> decidedHere) {
        lane.requests().forEach(request -> decidedHere.remove(request.requestId()));
        pools.forgetPartitions(lane.byPartition().keySet());
        if (failure instanceof ClaimRepository.RequestsDecidedBefore) {
            LOG.infof("partitions %s hold requests decided before; deciding them again, checked first", lane.starts().keySet());
            checkedForEarlierDecisions.addAll(lane.starts().keySet());
        }
        Map<Integer, Long> rewinds = new HashMap<>();
        lane.starts().forEach((partition, start) -> {
            if (failure instanceof PartitionsMoved moved && moved.stored.containsKey(partition)) {
                cursors.advance(partition, moved.stored.get(partition));
                rewinds.put(partition, moved.stored.get(partition));
            } else {
                cursors.rewind(partition, start).ifPresent(next -> rewinds.put(partition, next));
            }
        });
        return new Outcome(null, List.of(), List.of(), List.of(), rewinds, failure);
    }

    /** Waits for the previous poll to end; fails if it did not commit one of the lane's partitions. */
    private static Uni<Void> afterPrevious(Uni<Set<Integer>> previous, Selection lane) {
        return previous.invoke(notCommitted -> {
            Set<Integer> mine = new HashSet<>(notCommitted);
            mine.retainAll(lane.starts().keySet());
            if (!mine.isEmpty()) {
                throw new PreviousPollFailed(mine);
            }
        }).replaceWithVoid();
    }

    /**
     * Locks the lane's stored offsets, which fences off any other writer of its partitions, and checks that
     * each partition was committed exactly up to where this lane starts.
     */
    private Uni<Void> verifyOffsets(SqlClient conn, Selection lane) {
        return repository.lockOffsets(conn, config.consumerGroup(), Topics.BOOKING_REQUESTS, lane.starts().keySet())
                .invoke(stored -> {
                    Map<Integer, Long> moved = new HashMap<>();
                    stored.forEach((partition, next) -> {
                        if (!next.equals(lane.starts().get(partition))) {
                            moved.put(partition, next);
                        }
                    });
                    if (!moved.isEmpty()) {
                        LOG.warnf("partitions committed elsewhere (now at %s, expected %s); re-reading", moved, lane.starts());
                        throw new PartitionsMoved(moved);
                    }
                })
                .replaceWithVoid();
    }

    public Uni<Void> publish(Outcome outcome) {
        Uni<Void> decisions = outcome.batchId() == null ? Uni.createFrom().voidItem()
                : publisher.publish(outcome.batchId(), outcome.decisions());
        return decisions.chain(() -> outbox.publish(outcome.events(), outcome.eventIds()));
    }

    /**
     * Decides the lane's requests against the pools in memory. Requests decided already (in the previous
     * poll, which may still be committing, or, when {@code checkEarlierDecisions}, committed) are left out:
     * each request gets one decision. Unchecked, a committed decision fails the lane's commit instead.
     */
    private Uni<List<Decision>> decideInMemory(SqlClient conn, Selection lane, Instant now, Uni<Set<Integer>> previous,
            Set<UUID> previousRequestIds, boolean checkEarlierDecisions) {
        List<BookingRequested> requests = lane.requests().stream().filter(r -> !previousRequestIds.contains(r.requestId())).toList();
        if (requests.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        Uni<Set<UUID>> decidedEarlier = !checkEarlierDecisions ? Uni.createFrom().item(Set.of())
                : repository.alreadyDecided(conn, requests.stream().map(BookingRequested::requestId).toList())
                        .invoke(found -> {
                            if (found.isEmpty()) {
                                checkedForEarlierDecisions.removeAll(lane.starts().keySet());
                            }
                        });
        return decidedEarlier
                .chain(decided -> {
                    List<BookingRequested> open = requests.stream().filter(r -> !decided.contains(r.requestId())).toList();
                    List<BookingRequested> rebookings = open.stream().filter(r -> r.kind() == RequestKind.REBOOK).toList();
                    return repository.releaseWindows(conn, open.stream().map(BookingRequested::releaseId).collect(Collectors.toSet()))
                            .call(releases -> {
                                forgetPoolsWithNewSlots(open, releases);
                                return loadMissingPools(conn, open, lane, previous);
                            })
                            .chain(releases -> repository.heldBookings(conn, rebookings)
                                    .map(held -> ClaimBatch.decide(open, poolsFor(open), releases, held, now, codes::next)));
                });
    }

    /** A claim the constraints refused means the pool in memory was wrong: reload it next time. */
    private void forgetPoolsRefusedByDatabase(List<Decision> decided, List<Decision> committed) {
        Map<UUID, Decision> byRequest = new HashMap<>();
        committed.forEach(d -> byRequest.put(d.request().requestId(), d));
        for (Decision decision : decided) {
            Decision written = byRequest.get(decision.request().requestId());
            if (decision.confirmed() && written != null && !written.confirmed()) {
                LOG.warnf("database refused a claim in pool %s; reloading the pool", decision.request().poolKey());
                pools.forget(decision.request().poolKey());
            }
        }
    }

    private Outcome finish(ClaimRepository.Committed batch, Map<Integer, Long> rewinds, Instant now) {
        List<Decision> committed = batch.decisions();
        batch.events().stream().filter(e -> e.payload() instanceof BookingCancelled)
                .map(e -> ((BookingCancelled) e.payload()).poolKey())
                .collect(Collectors.toCollection(LinkedHashSet::new)).stream().map(pools::get)
                .filter(Objects::nonNull)
                .forEach(pool -> availability.changed(pool, now));
        committed.stream().map(d -> d.request().poolKey()).distinct().map(pools::get)
                .filter(Objects::nonNull)
                .forEach(pool -> availability.changed(pool, now));
        batch.stalePools().forEach(pools::forget);
        stats.decided(committed, now);
        return new Outcome(batch.batchId(), committed.stream().map(d -> d.toEvent(now)).toList(), batch.events(),
                batch.eventIds(), rewinds, null);
    }

    /** Slots added to a release live must be claimable by the very next request: reload those pools. */
    private void forgetPoolsWithNewSlots(List<BookingRequested> requests, Map<Long, ReleaseWindow> releases) {
        for (BookingRequested request : requests) {
            SlotPool pool = pools.get(request.poolKey());
            ReleaseWindow release = releases.get(request.releaseId());
            if (pool != null && release != null && pool.isStaleFor(release.id(), release.slotsVersion())) {
                pools.forget(request.poolKey());
            }
        }
    }

    /**
     * Loads pools not in memory. A pool is read only after the previous poll has committed: read earlier,
     * it would lack that poll's claims.
     */
    private Uni<Void> loadMissingPools(SqlClient conn, List<BookingRequested> requests, Selection lane,
            Uni<Set<Integer>> previous) {
        Set<String> missing = requests.stream()
                .map(BookingRequested::poolKey)
                .filter(key -> pools.get(key) == null)
                .collect(Collectors.toSet());
        if (missing.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return afterPrevious(previous, lane)
                .chain(() -> repository.loadPools(conn, missing))
                .invoke(loaded -> loaded.forEach(pool -> pools.put(lane.partitionOfPool().get(pool.key()), pool)))
                .replaceWithVoid();
    }

    private Map<String, SlotPool> poolsFor(List<BookingRequested> requests) {
        Map<String, SlotPool> batchPools = new HashMap<>();
        requests.forEach(r -> batchPools.computeIfAbsent(r.poolKey(), pools::get));
        return batchPools;
    }
}
