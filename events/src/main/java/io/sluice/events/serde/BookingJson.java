package io.sluice.events.serde;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import io.sluice.events.BookingDecided;
import io.sluice.events.BookingRequested;
import io.sluice.events.Outcome;
import io.sluice.events.RejectionReason;
import io.sluice.events.RequestKind;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * {@link BookingRequested} and {@link BookingDecided}, the two events every booking passes through, written
 * and read with Jackson's streaming API instead of its data binding. The JSON is byte for byte what
 * {@link EventJson#MAPPER} writes (fields in record order, nulls written), so consumers and stored events
 * do not notice. JSON was a third of the allocator's CPU in the allocator benchmark; by hand a decision is
 * written in about two thirds of the time, a request read a little faster (EventCodecBenchmark).
 *
 * <p>The readers accept the shape the writers produce, in any field order and with unknown fields skipped.
 * Anything else (a number where a string was written, an instant in another notation) makes them throw,
 * and {@link JsonEventDeserializer} hands the bytes to data binding, which reads them or says what is wrong.
 */
final class BookingJson {

    private static final JsonFactory FACTORY = EventJson.MAPPER.getFactory();

    private BookingJson() {
    }

    static byte[] write(BookingRequested request) throws IOException {
        ByteArrayBuilder bytes = new ByteArrayBuilder(256);
        try (JsonGenerator json = FACTORY.createGenerator(bytes)) {
            json.writeStartObject();
            writeUuid(json, "requestId", request.requestId());
            json.writeNumberField("releaseId", request.releaseId());
            writeString(json, "poolKey", request.poolKey());
            writeEnum(json, "kind", request.kind());
            writeLong(json, "slotId", request.slotId());
            writeString(json, "personKey", request.personKey());
            writeInstant(json, "acceptedAt", request.acceptedAt());
            json.writeFieldName("alternativePools");
            if (request.alternativePools() == null) {
                json.writeNull();
            } else {
                json.writeStartArray();
                for (String pool : request.alternativePools()) {
                    json.writeString(pool);
                }
                json.writeEndArray();
            }
            json.writeEndObject();
        }
        return bytes.toByteArray();
    }

    static byte[] write(BookingDecided decision) throws IOException {
        ByteArrayBuilder bytes = new ByteArrayBuilder(256);
        try (JsonGenerator json = FACTORY.createGenerator(bytes)) {
            json.writeStartObject();
            writeUuid(json, "requestId", decision.requestId());
            json.writeNumberField("releaseId", decision.releaseId());
            writeString(json, "poolKey", decision.poolKey());
            writeEnum(json, "outcome", decision.outcome());
            writeEnum(json, "reason", decision.reason());
            writeString(json, "bookingCode", decision.bookingCode());
            writeLong(json, "slotId", decision.slotId());
            writeInstant(json, "slotStartsAt", decision.slotStartsAt());
            writeInstant(json, "decidedAt", decision.decidedAt());
            json.writeEndObject();
        }
        return bytes.toByteArray();
    }

    static BookingRequested readRequested(byte[] data) throws IOException {
        UUID requestId = null;
        long releaseId = 0;
        String poolKey = null;
        RequestKind kind = null;
        Long slotId = null;
        String personKey = null;
        Instant acceptedAt = null;
        List<String> alternativePools = null;
        try (JsonParser json = openObject(data)) {
            for (String field = json.nextFieldName(); field != null; field = json.nextFieldName()) {
                json.nextToken();
                switch (field) {
                    case "requestId" -> requestId = readUuid(json);
                    case "releaseId" -> releaseId = readLong(json);
                    case "poolKey" -> poolKey = readString(json);
                    case "kind" -> kind = readEnum(json, RequestKind.class);
                    case "slotId" -> slotId = readNullableLong(json);
                    case "personKey" -> personKey = readString(json);
                    case "acceptedAt" -> acceptedAt = readInstant(json);
                    case "alternativePools" -> alternativePools = readStrings(json);
                    default -> json.skipChildren();
                }
            }
            expectEndOfObject(json);
        }
        return new BookingRequested(requestId, releaseId, poolKey, kind, slotId, personKey, acceptedAt, alternativePools);
    }

    static BookingDecided readDecided(byte[] data) throws IOException {
        UUID requestId = null;
        long releaseId = 0;
        String poolKey = null;
        Outcome outcome = null;
        RejectionReason reason = null;
        String bookingCode = null;
        Long slotId = null;
        Instant slotStartsAt = null;
        Instant decidedAt = null;
        try (JsonParser json = openObject(data)) {
            for (String field = json.nextFieldName(); field != null; field = json.nextFieldName()) {
                json.nextToken();
                switch (field) {
                    case "requestId" -> requestId = readUuid(json);
                    case "releaseId" -> releaseId = readLong(json);
                    case "poolKey" -> poolKey = readString(json);
                    case "outcome" -> outcome = readEnum(json, Outcome.class);
                    case "reason" -> reason = readEnum(json, RejectionReason.class);
                    case "bookingCode" -> bookingCode = readString(json);
                    case "slotId" -> slotId = readNullableLong(json);
                    case "slotStartsAt" -> slotStartsAt = readInstant(json);
                    case "decidedAt" -> decidedAt = readInstant(json);
                    default -> json.skipChildren();
                }
            }
            expectEndOfObject(json);
        }
        return new BookingDecided(requestId, releaseId, poolKey, outcome, reason, bookingCode, slotId, slotStartsAt, decidedAt);
    }

    private static void writeUuid(JsonGenerator json, String field, UUID value) throws IOException {
        writeString(json, field, value == null ? null : value.toString());
    }

    private static void writeString(JsonGenerator json, String field, String value) throws IOException {
        json.writeFieldName(field);
        if (value == null) {
            json.writeNull();
        } else {
            json.writeString(value);
        }
    }

    private static void writeEnum(JsonGenerator json, String field, Enum<?> value) throws IOException {
        writeString(json, field, value == null ? null : value.name());
    }

    private static void writeLong(JsonGenerator json, String field, Long value) throws IOException {
        json.writeFieldName(field);
        if (value == null) {
            json.writeNull();
        } else {
            json.writeNumber(value.longValue());
        }
    }

    private static void writeInstant(JsonGenerator json, String field, Instant value) throws IOException {
        // The text of Instant.toString(), which is ISO_INSTANT, the formatter Jackson's InstantSerializer writes with.
        writeString(json, field, value == null ? null : IsoInstantFormatter.format(value));
    }

    private static JsonParser openObject(byte[] data) throws IOException {
        JsonParser json = FACTORY.createParser(data);
        if (json.nextToken() != JsonToken.START_OBJECT) {
            json.close();
            throw notTheWrittenShape(json);
        }
        return json;
    }

    private static void expectEndOfObject(JsonParser json) throws IOException {
        if (!json.hasToken(JsonToken.END_OBJECT)) {
            throw notTheWrittenShape(json);
        }
    }

    private static String readString(JsonParser json) throws IOException {
        if (json.hasToken(JsonToken.VALUE_NULL)) {
            return null;
        }
        if (!json.hasToken(JsonToken.VALUE_STRING)) {
            throw notTheWrittenShape(json);
        }
        return json.getText();
    }

    private static UUID readUuid(JsonParser json) throws IOException {
        String text = readString(json);
        return text == null ? null : UUID.fromString(text);
    }

    private static <E extends Enum<E>> E readEnum(JsonParser json, Class<E> type) throws IOException {
        String text = readString(json);
        return text == null ? null : Enum.valueOf(type, text);
    }

    private static Instant readInstant(JsonParser json) throws IOException {
        String text = readString(json);
        if (text == null) {
            return null;
        }
        Instant instant = IsoInstantDeserializer.parse(text);
        if (instant == null) {
            throw notTheWrittenShape(json);
        }
        return instant;
    }

    private static long readLong(JsonParser json) throws IOException {
        if (!json.hasToken(JsonToken.VALUE_NUMBER_INT)) {
            throw notTheWrittenShape(json);
        }
        return json.getLongValue();
    }

    private static Long readNullableLong(JsonParser json) throws IOException {
        return json.hasToken(JsonToken.VALUE_NULL) ? null : readLong(json);
    }

    private static List<String> readStrings(JsonParser json) throws IOException {
        if (json.hasToken(JsonToken.VALUE_NULL)) {
            return null;
        }
        if (!json.hasToken(JsonToken.START_ARRAY)) {
            throw notTheWrittenShape(json);
        }
        List<String> values = new ArrayList<>();
        while (json.nextToken() != JsonToken.END_ARRAY) {
            values.add(readString(json));
        }
        return values;
    }

    private static JsonParseException notTheWrittenShape(JsonParser json) {
        return new JsonParseException(json, "not the shape BookingJson writes");
    }
}
