package io.sluice.events.serde;

import java.io.IOException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/** Reads one event type from JSON; Kafka instantiates the concrete subclasses by name. */
public abstract class JsonEventDeserializer<T> implements Deserializer<T> {

    /** Reads the JSON its event's writer produces; throws on anything else. */
    @FunctionalInterface
    interface WrittenShapeReader<T> {
        T read(byte[] data) throws IOException;
    }

    private final Class<T> type;
    private final WrittenShapeReader<T> writtenShape;

    protected JsonEventDeserializer(Class<T> type) {
        this(type, null);
    }

    JsonEventDeserializer(Class<T> type, WrittenShapeReader<T> writtenShape) {
        this.type = type;
        this.writtenShape = writtenShape;
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        if (writtenShape != null) {
            try {
                return writtenShape.read(data);
            } catch (IOException | RuntimeException notTheWrittenShape) {
                // Data binding below reads any JSON it maps to the event, or says precisely what is wrong.
            }
        }
        try {
            return EventJson.MAPPER.readValue(data, type);
        } catch (IOException e) {
            throw new SerializationException("not a " + type.getSimpleName() + " on " + topic, e);
        }
    }
}
