package io.sluice.booking.booking.rest;

import io.sluice.booking.booking.service.BookingView;
import io.sluice.booking.booking.service.CancellationService;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** A booking's holder, proven by the signed link in the confirmation mail, sees and cancels it. */
@Path("/api/bookings")
@Tag(name = "citizen", description = "Booking requests; no login")
public class BookingResource {

    private final CancellationService cancellations;

    public BookingResource(CancellationService cancellations) {
        this.cancellations = cancellations;
    }

    @GET
    @Path("/{code}")
    @Operation(summary = "The booking behind a cancel link: site, time, state")
    public Uni<BookingView> booking(@PathParam("code") String code, @QueryParam("token") String token) {
        return cancellations.booking(code, token);
    }

    @POST
    @Path("/{code}/cancel")
    @Operation(summary = "Cancel the booking behind a cancel link; its slot goes back to the pool")
    public Uni<Response> cancel(@PathParam("code") String code, @QueryParam("token") String token) {
        return cancellations.cancel(code, token).map(view -> Response.accepted(view).build());
    }
}
