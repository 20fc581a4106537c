package io.sluice.booking.calendar.rest;

import io.sluice.booking.calendar.service.AuditEntry;
import io.sluice.booking.calendar.service.ReleaseService;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** What provider staff may read about releases. */
@Path("/api/staff")
@RolesAllowed({"staff", "operator"})
@Tag(name = "staff", description = "Read-only views for provider staff; needs role staff or operator")
@SecurityRequirement(name = "bearer")
public class StaffCalendarResource {

    private final ReleaseService releases;

    public StaffCalendarResource(ReleaseService releases) {
        this.releases = releases;
    }

    @GET
    @Path("/releases/{id}/audit")
    @Operation(summary = "Every state change of a release: from, to, who, when")
    public Uni<List<AuditEntry>> audit(@PathParam("id") long id) {
        return releases.audit(id);
    }
}
