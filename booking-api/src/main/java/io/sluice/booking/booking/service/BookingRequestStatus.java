package io.sluice.booking.booking.service;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.sluice.events.BookingDecided;
import io.sluice.events.RejectionReason;
import java.time.Instant;
import java.util.UUID;

/** What a citizen sees when polling a request. No personal data: the request id is all it shows. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BookingRequestStatus(
        UUID requestId,
        Status status,
        RejectionReason reason,
        String bookingCode,
        Long slotId,
        Instant slotStartsAt) {

    public enum Status {
        PENDING,
        CONFIRMED,
        REJECTED
    }

    public static BookingRequestStatus pending(UUID requestId) {
        return new BookingRequestStatus(requestId, Status.PENDING, null, null, null, null);
    }

    public static BookingRequestStatus of(BookingDecided decision) {
        return new BookingRequestStatus(decision.requestId(),
                decision.confirmed() ? Status.CONFIRMED : Status.REJECTED,
                decision.reason(), decision.bookingCode(), decision.slotId(), decision.slotStartsAt());
    }
}
