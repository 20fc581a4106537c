package io.sluice.booking.booking.rest;

import io.sluice.booking.booking.service.BookingRequestBody;
import io.sluice.booking.booking.service.BookingRequestService;
import io.sluice.booking.booking.service.BookingRequestStatus;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.UUID;

/** A citizen asks for a slot and polls for the answer. */
@Path("/api")
public class BookingRequestResource {

    private final BookingRequestService requests;

    public BookingRequestResource(BookingRequestService requests) {
        this.requests = requests;
    }

    /** Answers 202 at once: the allocator decides asynchronously, the Location header is where to poll. */
    @POST
    @Path("/releases/{releaseId}/booking-requests")
    public Uni<Response> request(@PathParam("releaseId") long releaseId, @NotNull @Valid BookingRequestBody body) {
        return requests.accept(releaseId, body).map(status -> Response
                .accepted(status)
                .location(URI.create("/api/booking-requests/" + status.requestId()))
                .build());
    }

    @GET
    @Path("/booking-requests/{requestId}")
    public Uni<BookingRequestStatus> status(@PathParam("requestId") UUID requestId) {
        return requests.status(requestId);
    }
}
