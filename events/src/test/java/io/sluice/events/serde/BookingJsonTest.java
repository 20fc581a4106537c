package io.sluice.events.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.events.BookingDecided;
import io.sluice.events.BookingRequested;
import io.sluice.events.Outcome;
import io.sluice.events.RejectionReason;
import io.sluice.events.RequestKind;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

/** The hand-written codec must be invisible: same bytes as data binding, same events read back. */
class BookingJsonTest {

    private static final UUID ID = UUID.fromString("7d0c2a51-4f6e-4c1b-9d7a-2f1e8b3c4d5e");

    private final JsonEventSerializer<Object> serializer = new JsonEventSerializer<>();
    private final BookingRequestedDeserializer requests = new BookingRequestedDeserializer();
    private final BookingDecidedDeserializer decisions = new BookingDecidedDeserializer();

    private static final List<BookingRequested> REQUESTS = List.of(
            new BookingRequested(ID, 7, "3@2026-12-05", RequestKind.SPECIFIC_SLOT, 42L, "k3y", Instant.parse("2026-12-05T07:00:00.123Z")),
            new BookingRequested(ID, 7, "3@2026-12-05", RequestKind.EARLIEST_IN_POOL, null, "k\"ey\\ü", Instant.parse("2026-12-05T07:00:00Z"),
                    List.of("4@2026-12-05", "3@2026-12-06")),
            new BookingRequested(ID, 0, null, null, null, null, null, List.of()),
            new BookingRequested(null, Long.MAX_VALUE, "", RequestKind.REBOOK, Long.MIN_VALUE, "", Instant.parse("2026-12-05T07:00:00.000000001Z")));

    private static final List<BookingDecided> DECISIONS = List.of(
            new BookingDecided(ID, 7, "3@2026-12-05", Outcome.CONFIRMED, null, "K7P-3XQ", 42L,
                    Instant.parse("2026-12-05T09:30:00Z"), Instant.parse("2026-12-05T07:00:01.5Z")),
            new BookingDecided(ID, 7, "3@2026-12-05", Outcome.REJECTED, RejectionReason.SOLD_OUT, null, null, null,
                    Instant.parse("2026-12-05T07:00:01.123456Z")),
            new BookingDecided(null, 0, null, null, null, null, null, null, null));

    @Test
    void requestsAreWrittenByteForByteAsDataBindingWritesThem() throws Exception {
        for (BookingRequested request : REQUESTS) {
            assertThat(text(serializer.serialize("t", request))).isEqualTo(EventJson.MAPPER.writeValueAsString(request));
        }
    }

    @Test
    void decisionsAreWrittenByteForByteAsDataBindingWritesThem() throws Exception {
        for (BookingDecided decision : DECISIONS) {
            assertThat(text(serializer.serialize("t", decision))).isEqualTo(EventJson.MAPPER.writeValueAsString(decision));
        }
    }

    @Test
    void whatIsWrittenIsReadBackUnchangedByTheHandWrittenReader() throws Exception {
        for (BookingRequested request : REQUESTS) {
            assertThat(BookingJson.readRequested(serializer.serialize("t", request))).isEqualTo(request);
        }
        for (BookingDecided decision : DECISIONS) {
            assertThat(BookingJson.readDecided(serializer.serialize("t", decision))).isEqualTo(decision);
        }
    }

    @Test
    void fieldsInAnotherOrderAndUnknownNestedFieldsAreRead() throws Exception {
        String json = """
                {"future":{"a":[1,{"b":null}],"c":"d"},"kind":"CANCEL","slotId":9,"requestId":"%s",
                 "alternativePools":null,"releaseId":3,"acceptedAt":"2026-12-05T07:00:00Z","more":[true]}
                """.formatted(ID);

        BookingRequested read = BookingJson.readRequested(bytes(json));

        assertThat(read).isEqualTo(new BookingRequested(ID, 3, null, RequestKind.CANCEL, 9L, null, Instant.parse("2026-12-05T07:00:00Z")));
    }

    @Test
    void jsonInAnotherShapeIsLeftToDataBindingAndReadTheSame() {
        // A numeric id as a string and an instant with an offset: data binding accepts both.
        String json = """
                {"requestId":"%s","releaseId":"3","outcome":"REJECTED","reason":"RELEASE_NOT_OPEN",
                 "decidedAt":"2026-12-05T08:00:01+01:00"}
                """.formatted(ID);

        assertThatThrownBy(() -> BookingJson.readDecided(bytes(json))).isInstanceOf(java.io.IOException.class);
        BookingDecided read = decisions.deserialize("t", bytes(json));

        assertThat(read.releaseId()).isEqualTo(3);
        assertThat(read.reason()).isEqualTo(RejectionReason.RELEASE_NOT_OPEN);
        assertThat(read.decidedAt()).isEqualTo(Instant.parse("2026-12-05T07:00:01Z"));
    }

    @Test
    void wrongJsonIsStillASerializationErrorNamingTheEvent() {
        for (String json : List.of("{not json", "[]", "{\"requestId\":\"not-a-uuid\"}", "{\"kind\":\"TELEPORT\"}", "{\"releaseId\":{}}")) {
            assertThatThrownBy(() -> requests.deserialize("booking-requests", bytes(json)))
                    .as(json)
                    .isInstanceOf(SerializationException.class)
                    .hasMessage("not a BookingRequested on booking-requests");
        }
    }

    private static byte[] bytes(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] json) {
        return new String(json, StandardCharsets.UTF_8);
    }
}
