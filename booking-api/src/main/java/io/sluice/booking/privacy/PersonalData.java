package io.sluice.booking.privacy;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * Everything Sluice keeps about the person behind one booking, shown to the holder of its cancel
 * link. After erasure only the booking's code, state and time remain, with {@code erasedAt}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PersonalData(
        String bookingCode,
        String bookingState,
        Instant appointmentStartsAt,
        String name,
        String email,
        String phone,
        String language,
        Instant requestedAt,
        Instant erasedAt,
        Instant erasedAutomaticallyAfter) {
}
