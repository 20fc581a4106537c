package io.sluice.events.serde;

import io.sluice.events.BookingDecided;
import io.sluice.events.BookingRequested;
import java.io.IOException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

/** Writes any event record as JSON. */
public class JsonEventSerializer<T> implements Serializer<T> {

    @Override
    public byte[] serialize(String topic, T event) {
        if (event == null) {
            return null;
        }
        try {
            if (event instanceof BookingRequested request) {
                return BookingJson.write(request);
            }
            if (event instanceof BookingDecided decision) {
                return BookingJson.write(decision);
            }
            return EventJson.MAPPER.writeValueAsBytes(event);
        } catch (IOException e) {
            throw new SerializationException("cannot write " + event.getClass().getSimpleName(), e);
        }
    }
}
