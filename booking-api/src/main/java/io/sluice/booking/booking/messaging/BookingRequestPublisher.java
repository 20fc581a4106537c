package io.sluice.booking.booking.messaging;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.sluice.events.BookingRequested;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

/** Sends accepted requests to the allocator, keyed by slot pool so each pool has one writer. */
@ApplicationScoped
public class BookingRequestPublisher {

    private final MutinyEmitter<BookingRequested> requests;

    public BookingRequestPublisher(@Channel("booking-requests")
            @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 16384) MutinyEmitter<BookingRequested> requests) {
        this.requests = requests;
    }

    /** Completes when the broker has acknowledged the request. */
    public Uni<Void> publish(BookingRequested request) {
        return requests.sendMessage(Message.of(request)
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(request.poolKey()).build()));
    }
}
