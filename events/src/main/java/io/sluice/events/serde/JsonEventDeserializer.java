package io.sluice.events.serde;

import java.io.IOException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/** Reads one event type from JSON; Kafka instantiates the concrete subclasses by name. */
public abstract class JsonEventDeserializer<T> implements Deserializer<T> {

    private final Class<T> type;

    protected JsonEventDeserializer(Class<T> type) {
        this.type = type;
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        try {
            return EventJson.MAPPER.readValue(data, type);
        } catch (IOException e) {
            throw new SerializationException("not a " + type.getSimpleName() + " on " + topic, e);
        }
    }
}
