package io.sluice.booking.privacy;

import io.sluice.booking.waitingroom.service.RateLimiter;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The holder of a booking's signed link sees and erases what Sluice keeps about them. */
@Path("/api/bookings/{code}/personal-data")
@Tag(name = "citizen", description = "Booking requests; no login")
public class PersonalDataResource {

    private final PersonalDataService personalData;
    private final RateLimiter limits;

    public PersonalDataResource(PersonalDataService personalData, RateLimiter limits) {
        this.personalData = personalData;
        this.limits = limits;
    }

    @GET
    @Operation(summary = "Everything kept about the person behind a booking, and when it is erased")
    public Uni<PersonalData> show(@PathParam("code") String code, @QueryParam("token") String token,
            @Context HttpServerRequest http) {
        limits.check(RateLimiter.Kind.BOOKING, http);
        return personalData.show(code, token);
    }

    @DELETE
    @Operation(summary = "Erase the name and contact behind a booking (a confirmed future booking is cancelled first)")
    public Uni<PersonalData> erase(@PathParam("code") String code, @QueryParam("token") String token,
            @Context HttpServerRequest http) {
        limits.check(RateLimiter.Kind.BOOKING, http);
        return personalData.erase(code, token);
    }
}
