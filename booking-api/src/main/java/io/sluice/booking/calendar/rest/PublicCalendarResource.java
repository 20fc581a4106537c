package io.sluice.booking.calendar.rest;

import io.sluice.booking.calendar.service.CalendarService;
import io.sluice.booking.calendar.service.FreeSlotView;
import io.sluice.booking.calendar.service.ReleaseView;
import io.sluice.booking.calendar.service.SiteView;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import java.util.List;

/** What anyone may read without logging in. */
@Path("/api")
public class PublicCalendarResource {

    private final CalendarService calendar;

    public PublicCalendarResource(CalendarService calendar) {
        this.calendar = calendar;
    }

    @GET
    @Path("/sites")
    public Uni<List<SiteView>> sites() {
        return calendar.listSites();
    }

    @GET
    @Path("/releases/{id}")
    public Uni<ReleaseView> release(@PathParam("id") long id) {
        return calendar.release(id);
    }

    @GET
    @Path("/releases/{id}/free-slots")
    public Uni<List<FreeSlotView>> freeSlots(@PathParam("id") long id) {
        return calendar.freeSlots(id);
    }
}
