package io.sluice.notifier.delivery;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.sluice.events.ServiceStats;
import io.sluice.events.Topics;
import io.sluice.notifier.NotifierConfig;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.Consumer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * The notifier's backlog (events on its topics it has not read yet) as the gauge
 * {@code sluice.notifier.backlog}, and every second its backlog, sent and failed messages and dead letters
 * as {@link ServiceStats} for the staff dashboards, which thus never ask the notifier's database.
 */
@ApplicationScoped
public class NotifierStats {

    private static final Logger LOG = Logger.getLogger(NotifierStats.class);

    /** The input channels, named after their topics. */
    private static final List<String> INPUTS = List.of(Topics.BOOKING_DECISIONS, Topics.BOOKING_CANCELLATIONS,
            Topics.RELEASE_ANNOUNCEMENTS);

    private final MeterRegistry registry;
    private final KafkaClientService kafka;
    private final MutinyEmitter<ServiceStats> stats;
    private final String instance;
    private final AtomicBoolean publishing = new AtomicBoolean();
    private volatile long backlog;

    public NotifierStats(MeterRegistry registry, KafkaClientService kafka,
            @Channel(Topics.SERVICE_STATS) MutinyEmitter<ServiceStats> stats,
            @ConfigProperty(name = "quarkus.uuid") String instance) {
        this.registry = registry;
        this.kafka = kafka;
        this.stats = stats;
        this.instance = instance;
        Gauge.builder("sluice.notifier.backlog", this, NotifierStats::backlog)
                .description("Events on the notifier's input topics not yet read by this instance")
                .register(registry);
        // The dead-letter counters exist from the start: an absent series would never fire the alert on them.
        INPUTS.forEach(topic -> registry.counter("sluice.notifier.dead.letters", "topic", topic));
    }

    long backlog() {
        return backlog;
    }

    void startPublishing(@Observes StartupEvent start, Vertx vertx, NotifierConfig config) {
        vertx.setPeriodic(config.statsEvery().toMillis(), tick -> {
            if (publishing.compareAndSet(false, true)) {
                publish().subscribe().with(done -> publishing.set(false), failure -> {
                    publishing.set(false);
                    LOG.debugf("notifier stats not published: %s", failure.toString());
                });
            }
        });
    }

    Uni<Void> publish() {
        return Uni.join().all(INPUTS.stream().map(this::lagOf).toList()).andFailFast()
                .chain(lags -> {
                    backlog = lags.stream().mapToLong(Long::longValue).sum();
                    var figures = new ServiceStats.Notifier(backlog, messages("sent"), messages("failed"),
                            (long) registry.find("sluice.notifier.dead.letters").counters().stream().mapToDouble(Counter::count).sum());
                    var message = new ServiceStats(ServiceStats.NOTIFIER, instance, Instant.now(), null, figures);
                    return stats.sendMessage(Message.of(message).addMetadata(
                            OutgoingKafkaRecordMetadata.<String>builder().withKey(instance).build()));
                });
    }

    private long messages(String outcome) {
        return (long) registry.find("sluice.notifier.messages").tag("outcome", outcome).counters().stream()
                .mapToDouble(Counter::count).sum();
    }

    /** The consumer's lag as of its last fetch, read on its polling thread (the consumer is not thread-safe). */
    private Uni<Long> lagOf(String channel) {
        var consumer = kafka.<String, byte[]>getConsumer(channel);
        Function<Consumer<String, byte[]>, Long> unread = NotifierStats::unread;
        return consumer == null ? Uni.createFrom().item(0L) : consumer.runOnPollingThread(unread);
    }

    private static long unread(Consumer<String, byte[]> consumer) {
        return consumer.assignment().stream().mapToLong(partition -> consumer.currentLag(partition).orElse(0)).sum();
    }
}
