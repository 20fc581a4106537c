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
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jboss.logging.Logger;

/**
 * Decides one polled batch of booking requests and commits it with the partitions' next offsets
 * in a single PostgreSQL transaction.
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
     * What a batch did: its decisions with their outbox row, and the partitions to re-read because
     * their records were not decided.
     */
    public record Outcome(Long batchId, List<BookingDecided> decisions, List<ClaimRepository.OutboxEvent> events,
            List<Long> eventIds, Map<Integer, Long> rewinds) {
    }

    /**
     * Decides a poll's records. Partitions share nothing (each pool lives in one), so they are split into
     * {@link AllocatorConfig#commitLanes()} groups, each decided and committed in a transaction of its own
     * on its own connection, side by side: the database works on several batches at once instead of
     * waiting for one. A lane that fails leaves the others committed; the failure is reported after all
     * lanes have ended, so the caller re-reads only what was not committed (see the cursors).
     */
    public Uni<List<Outcome>> decide(List<ConsumerRecord<String, BookingRequested>> records) {
        Map<Integer, List<ConsumerRecord<String, BookingRequested>>> byPartition = records.stream()
                .collect(Collectors.groupingBy(ConsumerRecord::partition, LinkedHashMap::new, Collectors.toList()));
        Instant now = clock.instant();
        return Uni.join().all(CommitLanes.split(byPartition, config.commitLanes()).stream()
                        .map(lane -> decideLane(lane, now))
                        .toList())
                .andCollectFailures();
    }

    private Uni<Outcome> decideLane(Map<Integer, List<ConsumerRecord<String, BookingRequested>>> byPartition, Instant now) {
        return repository.pool()
                .withTransaction(conn -> repository
                        .lockOffsets(conn, config.consumerGroup(), Topics.BOOKING_REQUESTS, byPartition.keySet())
                        .chain(stored -> decideInOrder(conn, byPartition, stored, now)))
                // Only what was committed moves the cursors and the published availability.
                .map(batch -> finish(batch.committed(), batch.nextOffsets(), batch.rewinds(), now))
                .onItem().invoke(outcome -> outcome.rewinds().keySet().forEach(pools::forgetPartition))
                .onFailure().invoke(() -> pools.forgetPartitions(byPartition.keySet()));
    }

    public Uni<Void> publish(Outcome outcome) {
        Uni<Void> decisions = outcome.batchId() == null ? Uni.createFrom().voidItem()
                : publisher.publish(outcome.batchId(), outcome.decisions());
        return decisions.chain(() -> outbox.publish(outcome.events(), outcome.eventIds()));
    }

    /** A batch as written in the transaction, before the commit is known to have succeeded. */
    private record Written(ClaimRepository.Committed committed, Map<Integer, Long> nextOffsets, Map<Integer, Long> rewinds) {
    }

    private Uni<Written> decideInOrder(SqlClient conn, Map<Integer, List<ConsumerRecord<String, BookingRequested>>> byPartition,
            Map<Integer, Long> stored, Instant now) {
        Map<Integer, Long> nextOffsets = new HashMap<>();
        Map<Integer, Long> rewinds = new HashMap<>();
        Map<String, Integer> partitionOfPool = new HashMap<>();
        List<BookingRequested> requests = new ArrayList<>();
        Set<UUID> seen = new HashSet<>();

        byPartition.forEach((partition, partitionRecords) -> {
            OptionalLong mine = cursors.expected(partition);
            Long committed = stored.get(partition);
            if (committed != null && mine.isPresent() && mine.getAsLong() != committed) {
                // Someone else committed this partition since we last did: our pools are stale.
                LOG.warnf("partition %d was committed elsewhere (at %d, we expected %d); re-reading",
                        partition, committed, mine.getAsLong());
                rewinds.put(partition, committed);
                return;
            }
            long expected = committed != null ? committed
                    : mine.isPresent() ? mine.getAsLong() : partitionRecords.get(0).offset();
            for (ConsumerRecord<String, BookingRequested> record : partitionRecords) {
                if (record.offset() < expected) {
                    continue;
                }
                if (record.offset() > expected) {
                    rewinds.put(partition, expected);
                    break;
                }
                expected++;
                BookingRequested request = record.value();
                // An unreadable record (null) is skipped: it has no request id to answer.
                if (request != null && seen.add(request.requestId())) {
                    requests.add(request);
                    partitionOfPool.putIfAbsent(request.poolKey(), partition);
                }
            }
            nextOffsets.put(partition, expected);
        });

        if (requests.isEmpty()) {
            return repository.commit(conn, List.of(), now, config.consumerGroup(), Topics.BOOKING_REQUESTS, nextOffsets)
                    .map(none -> new Written(ClaimRepository.Committed.nothing(), nextOffsets, rewinds));
        }
        return repository.alreadyDecided(conn, seen)
                .chain(decided -> {
                    List<BookingRequested> open = requests.stream().filter(r -> !decided.contains(r.requestId())).toList();
                    List<BookingRequested> rebookings = open.stream().filter(r -> r.kind() == RequestKind.REBOOK).toList();
                    return repository.releaseWindows(conn, open.stream().map(BookingRequested::releaseId).collect(Collectors.toSet()))
                            .call(releases -> {
                                forgetPoolsWithNewSlots(open, releases);
                                return loadMissingPools(conn, open, partitionOfPool);
                            })
                            .chain(releases -> repository.heldBookings(conn, rebookings)
                                    .map(held -> ClaimBatch.decide(open, poolsFor(open), releases, held, now, codes::next)));
                })
                .chain(decisions -> repository.commit(conn, decisions, now, config.consumerGroup(),
                                Topics.BOOKING_REQUESTS, nextOffsets)
                        .invoke(committed -> forgetPoolsRefusedByDatabase(decisions, committed.decisions())))
                .map(committed -> new Written(committed, nextOffsets, rewinds));
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

    private Outcome finish(ClaimRepository.Committed batch, Map<Integer, Long> nextOffsets, Map<Integer, Long> rewinds,
            Instant now) {
        List<Decision> committed = batch.decisions();
        nextOffsets.forEach(cursors::advance);
        rewinds.forEach(cursors::advance);
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
                batch.eventIds(), rewinds);
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

    private Uni<Void> loadMissingPools(SqlClient conn, List<BookingRequested> requests, Map<String, Integer> partitionOfPool) {
        Set<String> missing = requests.stream()
                .map(BookingRequested::poolKey)
                .filter(key -> pools.get(key) == null)
                .collect(Collectors.toSet());
        if (missing.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return repository.loadPools(conn, missing)
                .invoke(loaded -> loaded.forEach(pool -> pools.put(partitionOfPool.get(pool.key()), pool)))
                .replaceWithVoid();
    }

    private Map<String, SlotPool> poolsFor(List<BookingRequested> requests) {
        Map<String, SlotPool> batchPools = new HashMap<>();
        requests.forEach(r -> batchPools.computeIfAbsent(r.poolKey(), pools::get));
        return batchPools;
    }
}
