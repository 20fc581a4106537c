package io.sluice.allocator.claim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BookingCodesTest {

    @Test
    void codesAreReadableAndDoNotRepeatInALargeRelease() {
        BookingCodes codes = new BookingCodes();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 100_000; i++) {
            String code = codes.next();
            assertThat(code).matches("[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}");
            seen.add(code);
        }
        assertThat(seen).hasSize(100_000);
    }
}
