package io.sluice.booking.calendar.rest;

import io.sluice.booking.calendar.service.CalendarEntry;
import io.sluice.booking.calendar.service.FreeSlotView;
import io.sluice.booking.calendar.service.ReleaseService;
import io.sluice.booking.calendar.service.ReleaseView;
import io.sluice.booking.calendar.service.SiteService;
import io.sluice.booking.calendar.service.SiteView;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** What anyone may read without logging in. */
@Path("/api")
@Tag(name = "public", description = "The public calendar; no login")
public class PublicCalendarResource {

    private final SiteService sites;
    private final ReleaseService releases;

    public PublicCalendarResource(SiteService sites, ReleaseService releases) {
        this.sites = sites;
        this.releases = releases;
    }

    @GET
    @Path("/calendar/releases")
    @Operation(summary = "Upcoming and open releases, soonest first, with their sites and slot counts")
    public Uni<List<CalendarEntry>> calendar(@QueryParam("district") String district) {
        return releases.publicCalendar(district);
    }

    @GET
    @Path("/sites")
    @Operation(summary = "All sites")
    public Uni<List<SiteView>> sites() {
        return sites.listSites();
    }

    @GET
    @Path("/releases/{id}")
    @Operation(summary = "One release with its slot and free counts")
    public Uni<ReleaseView> release(@PathParam("id") long id) {
        return releases.publicRelease(id);
    }

    @GET
    @Path("/releases/{id}/free-slots")
    @Operation(summary = "Up to 500 free slots of a release, earliest first")
    public Uni<List<FreeSlotView>> freeSlots(@PathParam("id") long id) {
        return releases.freeSlots(id);
    }
}
