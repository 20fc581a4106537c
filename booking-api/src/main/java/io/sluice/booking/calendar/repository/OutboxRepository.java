package io.sluice.booking.calendar.repository;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.sluice.events.serde.JsonEventSerializer;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;

/**
 * Writes an event into {@code outbox_event} inside the caller's transaction, so the event exists
 * exactly when the state change it reports does; {@code OutboxRelay} publishes it afterwards.
 */
@ApplicationScoped
@WithSession
public class OutboxRepository {

    private final JsonEventSerializer<Object> json = new JsonEventSerializer<>();

    public Uni<Void> add(String topic, String key, Object event) {
        String payload = new String(json.serialize(topic, event), StandardCharsets.UTF_8);
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "insert into outbox_event (topic, event_key, payload) values (:topic, :key, :payload)")
                .setParameter("topic", topic)
                .setParameter("key", key)
                .setParameter("payload", payload)
                .executeUpdate())
                .replaceWithVoid();
    }
}
