package io.sluice.booking.calendar.rest;

import io.sluice.booking.booking.service.InvitationService;
import io.sluice.booking.calendar.service.CapacityRequest;
import io.sluice.booking.calendar.service.CapacityRule;
import io.sluice.booking.calendar.service.CapacityService;
import io.sluice.booking.calendar.service.InvitationUpload;
import io.sluice.booking.calendar.service.ReleaseRequest;
import io.sluice.booking.calendar.service.ReleaseService;
import io.sluice.booking.calendar.service.ReleaseView;
import io.sluice.booking.calendar.service.SiteRequest;
import io.sluice.booking.calendar.service.SiteService;
import io.sluice.booking.calendar.service.SlotAddition;
import io.sluice.booking.calendar.service.SlotChangeReport;
import io.sluice.booking.calendar.service.SlotRange;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** What district administrations do: define sites, plan releases, and move them through their states. */
@Path("/api/operator")
@RolesAllowed("operator")
@Tag(name = "operator", description = "Sites and releases; needs a bearer token with role operator")
@SecurityRequirement(name = "bearer")
public class OperatorCalendarResource {

    private final SiteService sites;
    private final ReleaseService releases;
    private final InvitationService invitations;
    private final CapacityService capacity;

    public OperatorCalendarResource(SiteService sites, ReleaseService releases, InvitationService invitations,
            CapacityService capacity) {
        this.sites = sites;
        this.capacity = capacity;
        this.releases = releases;
        this.invitations = invitations;
    }

    @POST
    @Path("/sites")
    @Operation(summary = "Create a site")
    @RequestBody(content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "site", value = """
            {"code": "LEI-MESSE", "name": "Impfzentrum Leipziger Messe", "address": "Messe-Allee 1, 04356 Leipzig", "district": "Leipzig", "timeZone": "Europe/Berlin"}""")))
    public Uni<Response> createSite(@NotNull @Valid SiteRequest request) {
        return sites.createSite(request)
                .map(site -> Response.created(URI.create("/api/sites/" + site.code())).entity(site).build());
    }

    @GET
    @Path("/sites/{code}/capacity")
    @Operation(summary = "The site's capacity rules")
    public Uni<List<CapacityRule>> capacity(@PathParam("code") String code) {
        return capacity.rules(code);
    }

    @PUT
    @Path("/sites/{code}/capacity")
    @Operation(summary = "Replace the site's capacity rules: opening hours per weekday or date, slot length, lanes")
    @RequestBody(content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "capacity", value = """
            {"rules": [{"weekday": 1, "opens": "08:00", "closes": "12:00", "slotMinutes": 10, "lanes": 4}, {"weekday": 6, "opens": "09:00", "closes": "13:00", "slotMinutes": 10, "lanes": 2}, {"date": "2026-12-24", "opens": "08:00", "closes": "10:00", "slotMinutes": 10, "lanes": 1}]}""")))
    public Uni<List<CapacityRule>> replaceCapacity(@PathParam("code") String code, @NotNull @Valid CapacityRequest request) {
        return capacity.replaceRules(code, request);
    }

    @POST
    @Path("/sites/{code}/slots")
    @Operation(summary = "Make the site's slots on these days match its capacity; booked or released slots are kept and reported")
    @RequestBody(content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "range", value = """
            {"from": "2026-12-01", "to": "2026-12-31"}""")))
    public Uni<SlotChangeReport> generateSlots(@PathParam("code") String code, @NotNull @Valid SlotRange range) {
        return capacity.generate(code, range);
    }

    @GET
    @Path("/releases")
    @Operation(summary = "All releases of a district (or all), drafts included, newest opening first")
    public Uni<List<ReleaseView>> releases(@QueryParam("district") String district) {
        return releases.list(district);
    }

    @POST
    @Path("/releases")
    @Operation(summary = "Create a release as a draft, or open it at once with openNow")
    @RequestBody(content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "release", value = """
            {"name": "Booster December", "district": "Leipzig", "opensAt": "2026-11-28T07:00:00Z", "prequeueMinutes": 15, "expectedDemand": 66000, "eligibility": {"minAge": 60}, "slots": [{"siteCode": "LEI-MESSE", "day": "2026-12-05", "count": 2000}, {"siteCode": "LEI-CENTRUM", "day": "2026-12-05", "from": "08:00", "to": "16:00", "slotMinutes": 10, "lanes": 2}]}""")))
    public Uni<Response> createRelease(@NotNull @Valid ReleaseRequest request, @Context SecurityContext security) {
        return releases.create(request, actor(security))
                .map(release -> Response.created(URI.create("/api/releases/" + release.id())).entity(release).build());
    }

    @POST
    @Path("/releases/{id}/announce")
    @Operation(summary = "Announce a draft: staff and subscribers are told, it opens by itself at opensAt")
    public Uni<ReleaseView> announce(@PathParam("id") long id, @Context SecurityContext security) {
        return releases.act(id, ReleaseService.Action.ANNOUNCE, actor(security));
    }

    @POST
    @Path("/releases/{id}/open")
    @Operation(summary = "Open a draft or announced release now")
    public Uni<ReleaseView> open(@PathParam("id") long id, @Context SecurityContext security) {
        return releases.act(id, ReleaseService.Action.OPEN, actor(security));
    }

    @POST
    @Path("/releases/{id}/pause")
    @Operation(summary = "Pause an open release: no request is decided until it resumes")
    public Uni<ReleaseView> pause(@PathParam("id") long id, @Context SecurityContext security) {
        return releases.act(id, ReleaseService.Action.PAUSE, actor(security));
    }

    @POST
    @Path("/releases/{id}/resume")
    @Operation(summary = "Resume a paused release")
    public Uni<ReleaseView> resume(@PathParam("id") long id, @Context SecurityContext security) {
        return releases.act(id, ReleaseService.Action.RESUME, actor(security));
    }

    @POST
    @Path("/releases/{id}/close")
    @Operation(summary = "Close a release for good")
    public Uni<ReleaseView> close(@PathParam("id") long id, @Context SecurityContext security) {
        return releases.act(id, ReleaseService.Action.CLOSE, actor(security));
    }

    @POST
    @Path("/releases/{id}/slots")
    @Operation(summary = "Add slots to a release, also while it is open")
    @RequestBody(content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "slots", value = """
            {"slots": [{"siteCode": "LEI-MESSE", "day": "2026-12-06", "from": "08:00", "to": "12:00", "slotMinutes": 10, "lanes": 4}]}""")))
    public Uni<ReleaseView> addSlots(@PathParam("id") long id, @NotNull @Valid SlotAddition addition,
            @Context SecurityContext security) {
        return releases.addSlots(id, addition, actor(security));
    }

    @POST
    @Path("/releases/{id}/invitations")
    @Operation(summary = "Upload invitation codes as SHA-256 hashes")
    @RequestBody(content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "invitations", value = """
            {"codeHashes": ["9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"]}""")))
    public Uni<Map<String, Integer>> uploadInvitations(@PathParam("id") long id, @NotNull @Valid InvitationUpload upload) {
        return invitations.upload(id, upload).map(added -> Map.of("added", added));
    }

    private static String actor(SecurityContext security) {
        return security.getUserPrincipal().getName();
    }
}
