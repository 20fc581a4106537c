package io.sluice.booking.booking.rest;

import io.sluice.booking.booking.service.BookingView;
import io.sluice.booking.booking.service.CancellationService;
import io.sluice.booking.booking.service.RebookingBody;
import io.sluice.booking.booking.service.RebookingService;
import io.sluice.booking.waitingroom.service.RateLimiter;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** A booking's holder, proven by the signed link in the confirmation mail, sees, moves and cancels it. */
@Path("/api/bookings")
@Tag(name = "citizen", description = "Booking requests; no login")
public class BookingResource {

    private final CancellationService cancellations;
    private final RebookingService rebookings;
    private final RateLimiter limits;

    public BookingResource(CancellationService cancellations, RebookingService rebookings, RateLimiter limits) {
        this.cancellations = cancellations;
        this.rebookings = rebookings;
        this.limits = limits;
    }

    @GET
    @Path("/{code}")
    @Operation(summary = "The booking behind a cancel link: site, time, state")
    public Uni<BookingView> booking(@PathParam("code") String code, @QueryParam("token") String token,
            @Context HttpServerRequest http) {
        limits.check(RateLimiter.Kind.BOOKING, http);
        return cancellations.booking(code, token);
    }

    @POST
    @Path("/{code}/cancel")
    @Operation(summary = "Cancel the booking behind a cancel link; its slot goes back to the pool")
    public Uni<Response> cancel(@PathParam("code") String code, @QueryParam("token") String token,
            @Context HttpServerRequest http) {
        limits.check(RateLimiter.Kind.BOOKING, http);
        return cancellations.cancel(code, token).map(view -> Response.accepted(view).build());
    }

    /** Answers 202 at once with the rebooking to poll; until it is confirmed the old booking stands. */
    @POST
    @Path("/{code}/rebook")
    @Operation(summary = "Move the booking behind a cancel link to another slot (slotId) or the earliest at a site on a day; "
            + "the new slot is claimed before the old one is given back. Answers 202 and where to poll")
    @RequestBody(content = @Content(mediaType = "application/json", examples = {
            @ExampleObject(name = "named slot", value = """
                    {"slotId": 4712}"""),
            @ExampleObject(name = "earliest", value = """
                    {"siteCode": "LEI-MESSE", "day": "2026-12-06"}""")}))
    public Uni<Response> rebook(@PathParam("code") String code, @QueryParam("token") String token,
            @NotNull @Valid RebookingBody body, @Context HttpServerRequest http) {
        limits.check(RateLimiter.Kind.BOOKING, http);
        return rebookings.rebook(code, token, body).map(status -> Response
                .accepted(status)
                .location(URI.create("/api/booking-requests/" + status.requestId()))
                .build());
    }
}
