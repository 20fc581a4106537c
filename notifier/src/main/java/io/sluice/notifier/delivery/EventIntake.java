package io.sluice.notifier.delivery;

import io.sluice.notifier.NotifierConfig;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.common.serialization.Deserializer;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * How every consumer of the notifier treats what it reads: events that cannot be read, and events whose
 * messages still failed after the clients' retries, go to the dead letters; the offset is committed only
 * after that. A failure of the notifier's own infrastructure (database, broker) is not the event's fault:
 * the whole batch is retried with backoff, and when that does not help the channel fails, which the
 * health checks report, so that the platform restarts the instance.
 */
@ApplicationScoped
public class EventIntake {

    private static final Logger LOG = Logger.getLogger(EventIntake.class);

    private final DeadLetters deadLetters;
    private final int infrastructureRetries;

    public EventIntake(DeadLetters deadLetters, NotifierConfig config) {
        this.deadLetters = deadLetters;
        this.infrastructureRetries = config.infrastructureRetries();
    }

    /**
     * @param handler handles the readable events and returns those it gave up on, with the reason
     */
    public <T> Uni<Void> handle(Message<?> message, List<ConsumedEvent> events, Deserializer<T> reader,
            Function<List<Sourced<T>>, Uni<Map<ConsumedEvent, String>>> handler) {
        List<Sourced<T>> readable = new ArrayList<>(events.size());
        Map<ConsumedEvent, String> unreadable = new LinkedHashMap<>();
        for (ConsumedEvent event : events) {
            if (event.payload() == null) {
                continue; // a tombstone: nothing to tell anyone
            }
            try {
                T value = reader.deserialize(event.topic(), event.payload());
                if (value != null) {
                    readable.add(new Sourced<>(event, value));
                }
            } catch (RuntimeException e) {
                unreadable.put(event, "unreadable event: " + e.getClass().getSimpleName());
            }
        }
        Uni<Void> work = Uni.createFrom().deferred(() -> handler.apply(readable))
                .chain(failed -> {
                    Map<ConsumedEvent, String> dead = new LinkedHashMap<>(unreadable);
                    dead.putAll(failed);
                    Uni<Void> parked = Uni.createFrom().voidItem();
                    for (Map.Entry<ConsumedEvent, String> letter : dead.entrySet()) {
                        // Retried on its own: retrying the whole batch would try its messages again.
                        parked = parked.chain(() -> deadLetters.park(letter.getKey(), letter.getValue())
                                .onFailure().retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(10)).atMost(30));
                    }
                    return parked;
                });
        return work
                .onFailure().invoke(e -> LOG.warnf("handling %d events from %s failed, retrying: %s", events.size(),
                        events.isEmpty() ? "?" : events.get(0).topic(), e.toString()))
                .onFailure().retry().withBackOff(Duration.ofSeconds(1), Duration.ofSeconds(30)).atMost(infrastructureRetries)
                .onItemOrFailure().transformToUni((done, failure) -> failure == null
                        ? Uni.createFrom().completionStage(message.ack())
                        : Uni.createFrom().completionStage(message.nack(failure)));
    }
}
