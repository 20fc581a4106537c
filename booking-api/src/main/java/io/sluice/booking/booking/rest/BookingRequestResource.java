package io.sluice.booking.booking.rest;

import io.sluice.booking.booking.service.BookingRequestBody;
import io.sluice.booking.booking.service.BookingRequestService;
import io.sluice.booking.booking.service.BookingRequestStatus;
import io.sluice.booking.waitingroom.service.RateLimiter;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** A citizen asks for a slot and polls for the answer. */
@Path("/api")
@Tag(name = "citizen", description = "Booking requests; no login")
public class BookingRequestResource {

    private final BookingRequestService requests;
    private final RateLimiter limits;

    public BookingRequestResource(BookingRequestService requests, RateLimiter limits) {
        this.requests = requests;
        this.limits = limits;
    }

    /** Answers 202 at once: the allocator decides asynchronously, the Location header is where to poll. */
    @POST
    @Path("/releases/{releaseId}/booking-requests")
    @Operation(summary = "Ask for a slot: a named one (slotId) or the earliest at a site on a day; answers 202 and where to poll. "
            + "Releases with a waiting room need the admission in header Sluice-Admission")
    @RequestBody(content = @Content(mediaType = "application/json", examples = {
            @ExampleObject(name = "earliest", value = """
                    {"siteCode": "LEI-MESSE", "day": "2026-12-05", "name": "Ada Lovelace", "email": "ada@example.org", "language": "en", "birthDate": "1950-12-10"}"""),
            @ExampleObject(name = "named slot", value = """
                    {"slotId": 4711, "name": "Ada Lovelace", "email": "ada@example.org", "language": "de"}""")}))
    public Uni<Response> request(@PathParam("releaseId") long releaseId,
            @Parameter(description = "The waiting room's admission; required for releases that use the waiting room")
            @HeaderParam("Sluice-Admission") String admission,
            @NotNull @Valid BookingRequestBody body, @Context HttpServerRequest http) {
        limits.check(RateLimiter.Kind.BOOKING, http);
        return requests.accept(releaseId, body, admission).map(status -> Response
                .accepted(status)
                .location(URI.create("/api/booking-requests/" + status.requestId()))
                .build());
    }

    @GET
    @Path("/booking-requests/{requestId}")
    @Operation(summary = "The request's state: PENDING, CONFIRMED with booking code and slot, or REJECTED with the reason")
    public Uni<BookingRequestStatus> status(@PathParam("requestId") UUID requestId, @Context HttpServerRequest http) {
        limits.check(RateLimiter.Kind.STATUS, http);
        return requests.status(requestId);
    }
}
