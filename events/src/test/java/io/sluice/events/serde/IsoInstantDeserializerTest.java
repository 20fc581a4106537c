package io.sluice.events.serde;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class IsoInstantDeserializerTest {

    @Test
    void readsWhatInstantWritesExactlyAsInstantParseDoes() {
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 100_000; i++) {
            long seconds = random.nextLong(Instant.parse("0001-01-01T00:00:00Z").getEpochSecond(),
                    Instant.parse("9999-12-31T23:59:59Z").getEpochSecond());
            int nanos = switch (i % 4) {
                case 0 -> 0;
                case 1 -> random.nextInt(1_000) * 1_000_000;
                case 2 -> random.nextInt(1_000_000) * 1_000;
                default -> random.nextInt(1_000_000_000);
            };
            String text = Instant.ofEpochSecond(seconds, nanos).toString();
            assertThat(IsoInstantDeserializer.parse(text)).as(text).isEqualTo(Instant.parse(text));
        }
    }

    @Test
    void readsFractionsOfAnyLength() {
        assertThat(IsoInstantDeserializer.parse("2026-12-05T07:00:00.1Z")).isEqualTo(Instant.parse("2026-12-05T07:00:00.1Z"));
        assertThat(IsoInstantDeserializer.parse("2026-12-05T07:00:00.12345Z")).isEqualTo(Instant.parse("2026-12-05T07:00:00.12345Z"));
    }

    @Test
    void leavesEverythingElseToJackson() {
        assertThat(IsoInstantDeserializer.parse("2026-12-05T07:00:00+01:00")).isNull();
        assertThat(IsoInstantDeserializer.parse("2026-02-30T07:00:00Z")).isNull();
        assertThat(IsoInstantDeserializer.parse("2026-12-05T24:00:00Z")).isNull();
        assertThat(IsoInstantDeserializer.parse("2026-12-05T07:00:60Z")).isNull();
        assertThat(IsoInstantDeserializer.parse("2026-12-05T07:00:00.Z")).isNull();
        assertThat(IsoInstantDeserializer.parse("+12026-12-05T07:00:00Z")).isNull();
        assertThat(IsoInstantDeserializer.parse("2026-12-05 07:00:00Z")).isNull();
        assertThat(IsoInstantDeserializer.parse("1764918000")).isNull();
    }
}
