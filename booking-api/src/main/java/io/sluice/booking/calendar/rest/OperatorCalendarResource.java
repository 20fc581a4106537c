package io.sluice.booking.calendar.rest;

import io.sluice.booking.calendar.service.CalendarService;
import io.sluice.booking.calendar.service.ReleaseRequest;
import io.sluice.booking.calendar.service.SiteRequest;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.net.URI;

/** What district administrations do: define sites and plan or open releases. */
@Path("/api/operator")
@RolesAllowed("operator")
public class OperatorCalendarResource {

    private final CalendarService calendar;

    public OperatorCalendarResource(CalendarService calendar) {
        this.calendar = calendar;
    }

    @POST
    @Path("/sites")
    public Uni<Response> createSite(@NotNull @Valid SiteRequest request) {
        return calendar.createSite(request)
                .map(site -> Response.created(URI.create("/api/sites/" + site.code())).entity(site).build());
    }

    @POST
    @Path("/releases")
    public Uni<Response> createRelease(@NotNull @Valid ReleaseRequest request, @Context SecurityContext security) {
        return calendar.createRelease(request, security.getUserPrincipal().getName())
                .map(release -> Response.created(URI.create("/api/releases/" + release.id())).entity(release).build());
    }
}
