package io.sluice.booking.dashboard.rest;

import io.sluice.booking.dashboard.service.Dashboard;
import io.sluice.booking.dashboard.service.DashboardView;
import io.smallrye.mutiny.Multi;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestStreamElementType;

/** Provider staff watch releases live: the same picture for every viewer, four times a second. */
@Path("/api/staff/dashboard")
@RolesAllowed({"staff", "operator"})
@Tag(name = "staff")
@SecurityRequirement(name = "bearer")
public class DashboardResource {

    private final Dashboard dashboard;

    public DashboardResource(Dashboard dashboard) {
        this.dashboard = dashboard;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The live figures now: waiting rooms, decisions, slots left, latency, lag, notifier, errors")
    public DashboardView now() {
        return dashboard.latest();
    }

    /** Server-sent events of the view as JSON, serialised once per update for all viewers. */
    @GET
    @Path("/stream")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.TEXT_PLAIN)
    @Operation(summary = "The live figures as server-sent events, a JSON view four times a second (the first with the charts' history)")
    public Multi<String> stream() {
        // The whole view at once, then updates with the last seconds of history only; a viewer that cannot keep
        // up misses updates, never lags behind.
        Multi<String> updates = Multi.createFrom().ticks().every(Dashboard.EVERY).onOverflow().drop()
                .map(tick -> dashboard.latestUpdateJson());
        return Multi.createBy().concatenating().streams(Multi.createFrom().item(dashboard::latestJson), updates)
                .onSubscription().invoke(dashboard::viewerJoined)
                .onTermination().invoke(dashboard::viewerLeft);
    }
}
