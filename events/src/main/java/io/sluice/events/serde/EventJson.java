package io.sluice.events.serde;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.time.Instant;

/** The one JSON mapping of events, shared by every serializer so producers and consumers agree. */
final class EventJson {

    // Unknown fields are ignored so that a newer producer does not break an older consumer.
    static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            // Registered after JavaTimeModule, so it is the one used for Instant.
            .registerModule(new SimpleModule().addDeserializer(Instant.class, new IsoInstantDeserializer()))
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private EventJson() {
    }
}
