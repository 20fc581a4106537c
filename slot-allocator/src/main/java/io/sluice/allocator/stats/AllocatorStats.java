package io.sluice.allocator.stats;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import io.quarkus.runtime.StartupEvent;
import io.sluice.allocator.AllocatorConfig;
import io.sluice.allocator.claim.Decision;
import io.sluice.allocator.messaging.PartitionCursors;
import io.sluice.events.BookingRequested;
import io.sluice.events.RejectionReason;
import io.sluice.events.ServiceStats;
import io.sluice.events.Topics;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * The allocator's own figures: decisions and their latency (acceptance by booking-api to commit) and
 * the requests not yet decided per partition. Kafka cannot tell the lag, because the allocator keeps its
 * offsets in PostgreSQL: it is the partition's end offset minus the cursor. The figures go to
 * {@code /q/metrics} and, every second, to the staff dashboards as {@link ServiceStats}.
 */
@ApplicationScoped
public class AllocatorStats {

    private static final Logger LOG = Logger.getLogger(AllocatorStats.class);

    private final MeterRegistry registry;
    private final Timer latency;
    private final MultiGauge partitionLag;
    private final PartitionCursors cursors;
    private final KafkaClientService kafka;
    private final MutinyEmitter<ServiceStats> stats;
    private final String instance;
    private final AtomicBoolean publishing = new AtomicBoolean();
    private volatile Map<Integer, Long> lastLag = Map.of();

    public AllocatorStats(MeterRegistry registry, PartitionCursors cursors, KafkaClientService kafka,
            @Channel(Topics.SERVICE_STATS) MutinyEmitter<ServiceStats> stats,
            @ConfigProperty(name = "quarkus.uuid") String instance) {
        this.registry = registry;
        this.cursors = cursors;
        this.kafka = kafka;
        this.stats = stats;
        this.instance = instance;
        // Client-side percentiles over about a minute for the dashboard, buckets for Prometheus' histogram_quantile.
        this.latency = Timer.builder("sluice.allocator.decision.latency")
                .description("Time from acceptance by booking-api to the committed decision")
                .publishPercentiles(0.5, 0.95, 0.99)
                .publishPercentileHistogram()
                .distributionStatisticExpiry(Duration.ofSeconds(30))
                .distributionStatisticBufferLength(2)
                .register(registry);
        this.partitionLag = MultiGauge.builder("sluice.allocator.partition.lag")
                .description("Booking requests not yet decided per owned partition of booking-requests")
                .register(registry);
    }

    /**
     * Called with every committed batch: counts its final decisions and their latency. The counters are
     * looked up once per outcome and reason of the batch: looked up per decision (building the meter's id
     * and tags each time), they took 3 % of the allocator's CPU.
     */
    public void decided(Iterable<Decision> committed, Instant decidedAt) {
        Map<Tally, Integer> tally = new HashMap<>();
        for (Decision decision : committed) {
            if (!decision.isFinal()) {
                continue;
            }
            BookingRequested request = decision.request();
            tally.merge(new Tally(decision.confirmed(), decision.reason()), 1, Integer::sum);
            if (request.acceptedAt() != null) {
                latency.record(Duration.between(request.acceptedAt(), decidedAt).abs());
            }
        }
        tally.forEach((kind, count) -> decisions(kind).increment(count));
    }

    private record Tally(boolean confirmed, RejectionReason reason) {
    }

    private Counter decisions(Tally kind) {
        return Counter.builder("sluice.allocator.decisions")
                .description("Final decisions committed by this instance")
                .tags(Tags.of("outcome", kind.confirmed() ? "confirmed" : "rejected",
                        "reason", kind.reason() == null ? "none" : kind.reason().name().toLowerCase()))
                .register(registry);
    }

    void startPublishing(@Observes StartupEvent start, Vertx vertx, AllocatorConfig config) {
        vertx.setPeriodic(config.statsEvery().toMillis(), tick -> {
            if (publishing.compareAndSet(false, true)) {
                publish().subscribe().with(done -> publishing.set(false), failure -> {
                    publishing.set(false);
                    LOG.debugf("allocator stats not published: %s", failure.toString());
                });
            }
        });
    }

    Uni<Void> publish() {
        return lag().chain(lag -> {
            lastLag = lag;
            partitionLag.register(lag.entrySet().stream()
                    .map(e -> MultiGauge.Row.of(Tags.of("partition", Integer.toString(e.getKey())), e.getValue()))
                    .toList(), true);
            var snapshot = latency.takeSnapshot();
            var figures = new ServiceStats.Allocator(lag, (long) registry.find("sluice.allocator.decisions").counters().stream()
                    .mapToDouble(Counter::count).sum(),
                    percentile(snapshot.percentileValues(), 0.5, snapshot.count()),
                    percentile(snapshot.percentileValues(), 0.95, snapshot.count()),
                    percentile(snapshot.percentileValues(), 0.99, snapshot.count()));
            var message = new ServiceStats(ServiceStats.SLOT_ALLOCATOR, instance, Instant.now(), figures, null);
            return stats.sendMessage(Message.of(message).addMetadata(
                    OutgoingKafkaRecordMetadata.<String>builder().withKey(instance).build()));
        });
    }

    /** Read on the consumer's polling thread: the consumer is not thread-safe. */
    private Uni<Map<Integer, Long>> lag() {
        var consumer = kafka.<String, BookingRequested>getConsumer(Topics.BOOKING_REQUESTS);
        if (consumer == null) {
            return Uni.createFrom().item(lastLag);
        }
        return consumer.runOnPollingThread(this::lagOf);
    }

    /** The end offset is the consumer's position plus its lag as of the last fetch; no request to the broker. */
    private Map<Integer, Long> lagOf(Consumer<String, BookingRequested> consumer) {
        Map<Integer, Long> lag = new TreeMap<>();
        for (TopicPartition partition : consumer.assignment()) {
            var fetchedLag = consumer.currentLag(partition);
            if (fetchedLag.isEmpty()) {
                continue;
            }
            long position = consumer.position(partition);
            long end = position + fetchedLag.getAsLong();
            long next = cursors.expected(partition.partition()).orElse(position);
            lag.put(partition.partition(), Math.max(0, end - next));
        }
        return lag;
    }

    private static Double percentile(ValueAtPercentile[] values, double which, long count) {
        if (count == 0) {
            return null;
        }
        for (ValueAtPercentile value : values) {
            if (value.percentile() == which) {
                return value.value(TimeUnit.MILLISECONDS);
            }
        }
        return null;
    }
}
