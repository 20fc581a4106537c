package io.sluice.booking.dashboard.rest;

import io.sluice.booking.dashboard.service.Attendance;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Who was there, by ticket: the record an assembly or an audit asks for, as JSON or CSV. */
// The same class path as the staff calendar: a longer one ("/api/staff/releases/{id}") would be chosen
// first for every release path and hide the calendar's audit endpoint.
@Path("/api/staff")
@RolesAllowed({"staff", "operator"})
@Tag(name = "staff")
@SecurityRequirement(name = "bearer")
public class AttendanceResource {

    static final String CSV = "text/csv";

    private final Attendance attendance;

    public AttendanceResource(Attendance attendance) {
        this.attendance = attendance;
    }

    @GET
    @Path("/releases/{id}/attendance")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Every ticket of the release's waiting room: joined, admitted, booked or left (no personal data)")
    public Uni<List<Attendance.Entry>> entries(@PathParam("id") long id) {
        return attendance.of(id);
    }

    @GET
    @Path("/releases/{id}/attendance.csv")
    @Produces(CSV)
    @Operation(summary = "The same record as CSV, to download")
    public Uni<Response> csv(@PathParam("id") long id) {
        return attendance.of(id).map(entries -> Response.ok(Attendance.csv(entries), CSV + "; charset=UTF-8")
                .header("Content-Disposition", "attachment; filename=\"attendance-" + id + ".csv\"")
                .build());
    }
}
