package io.sluice.events.serde;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class IsoInstantFormatterTest {

    @Test
    void writesWhatInstantToStringWrites() {
        SplittableRandom random = new SplittableRandom(20261203);
        int[] precisions = {1_000_000_000, 1_000_000, 1_000, 1};
        for (int i = 0; i < 100_000; i++) {
            long seconds = random.nextLong(Instant.parse("0900-01-01T00:00:00Z").getEpochSecond(),
                    Instant.parse("+10100-01-01T00:00:00Z").getEpochSecond());
            int step = precisions[i % precisions.length];
            Instant instant = Instant.ofEpochSecond(seconds, random.nextInt(1_000_000_000 / step) * step);
            assertThat(IsoInstantFormatter.format(instant)).isEqualTo(instant.toString());
        }
    }

    @Test
    void writesTheEdgesOfTheDayAndTheYear() {
        for (String text : new String[] {"2026-12-31T23:59:59.999999999Z", "2027-01-01T00:00:00Z", "2028-02-29T12:00:00.100Z",
                "1000-01-01T00:00:00Z", "9999-12-31T23:59:59.000001Z", "1970-01-01T00:00:00.010Z", "1969-12-31T23:59:59.5Z"}) {
            Instant instant = Instant.parse(text);
            assertThat(IsoInstantFormatter.format(instant)).isEqualTo(instant.toString());
        }
    }
}
