package io.sluice.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.events.serde.BookingDecidedDeserializer;
import io.sluice.events.serde.BookingRequestedDeserializer;
import io.sluice.events.serde.JsonEventSerializer;
import io.sluice.events.serde.ServiceStatsDeserializer;
import io.sluice.events.serde.SlotsFreedDeserializer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class EventSerdeTest {

    @Test
    void bookingRequestSurvivesTheWireUnchanged() {
        var request = new BookingRequested(UUID.randomUUID(), 7, "3@2026-12-05", RequestKind.SPECIFIC_SLOT, 42L,
                "k3y", Instant.parse("2026-12-05T07:00:00.123Z"));

        byte[] json = new JsonEventSerializer<BookingRequested>().serialize("t", request);

        assertThat(new BookingRequestedDeserializer().deserialize("t", json)).isEqualTo(request);
    }

    @Test
    void slotsFreedSurvivesTheWireUnchanged() {
        var freed = new SlotsFreed(UUID.randomUUID(), 7, "3@2026-12-05", 1, Instant.parse("2026-12-05T09:30:00Z"),
                Instant.parse("2026-12-01T18:02:03.456Z"));

        byte[] json = new JsonEventSerializer<SlotsFreed>().serialize("t", freed);

        assertThat(new SlotsFreedDeserializer().deserialize("t", json)).isEqualTo(freed);
    }

    @Test
    void decisionWrittenByANewerProducerWithExtraFieldsIsStillRead() {
        UUID id = UUID.randomUUID();
        String json = """
                {"requestId":"%s","releaseId":1,"poolKey":"1@2026-12-05","outcome":"REJECTED",
                 "reason":"SOLD_OUT","decidedAt":"2026-12-05T07:00:01Z","someFutureField":true}
                """.formatted(id);

        BookingDecided decided = new BookingDecidedDeserializer().deserialize("t", json.getBytes(StandardCharsets.UTF_8));

        assertThat(decided.requestId()).isEqualTo(id);
        assertThat(decided.reason()).isEqualTo(RejectionReason.SOLD_OUT);
        assertThat(decided.confirmed()).isFalse();
    }

    @Test
    void serviceStatsKeepTheirPartitionNumbersAndEmptySections() {
        var stats = new ServiceStats(ServiceStats.SLOT_ALLOCATOR, "a-1", Instant.parse("2026-12-05T07:00:00Z"),
                new ServiceStats.Allocator(Map.of(0, 12L, 3, 0L), 40, 12.5, 80.0, 120.0), null);

        byte[] json = new JsonEventSerializer<ServiceStats>().serialize("t", stats);

        assertThat(new ServiceStatsDeserializer().deserialize("t", json)).isEqualTo(stats);
    }

    @Test
    void garbageIsASerializationErrorNotACrash() {
        assertThatThrownBy(() -> new BookingRequestedDeserializer().deserialize("t", "{not json".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(SerializationException.class);
    }

    @Test
    void poolKeyRoundTripsAndRejectsNonsense() {
        var key = new SlotPoolKey(17, LocalDate.of(2026, 12, 5));

        assertThat(key.value()).isEqualTo("17@2026-12-05");
        assertThat(SlotPoolKey.parse(key.value())).isEqualTo(key);
        assertThatThrownBy(() -> SlotPoolKey.parse("17@tomorrow")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SlotPoolKey.parse("@2026-12-05")).isInstanceOf(IllegalArgumentException.class);
    }
}
