package io.sluice.booking.waitingroom.rest;

import io.sluice.booking.waitingroom.service.OperatorRoomView;
import io.sluice.booking.waitingroom.service.RoomSettings;
import io.sluice.booking.waitingroom.service.WaitingRoomAdmin;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Operators watch a release's waiting room and turn its knobs while it runs. */
@Path("/api/operator")
@RolesAllowed("operator")
@Tag(name = "operator")
@SecurityRequirement(name = "bearer")
public class OperatorWaitingRoomResource {

    private final WaitingRoomAdmin admin;

    public OperatorWaitingRoomResource(WaitingRoomAdmin admin) {
        this.admin = admin;
    }

    @GET
    @Path("/releases/{id}/waiting-room")
    @Operation(summary = "The waiting room's figures: joined, serving, claims on free slots, what holds admission back")
    public Uni<OperatorRoomView> view(@PathParam("id") long id) {
        return admin.view(id);
    }

    @PUT
    @Path("/releases/{id}/waiting-room")
    @Operation(summary = "Change the join puzzle's difficulty, the admission ceiling per second or the admission time, live")
    @RequestBody(content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "settings", value = """
            {"powDifficulty": 20, "maxAdmissionRate": 50, "admissionTtlSeconds": 600}""")))
    public Uni<OperatorRoomView> change(@PathParam("id") long id, @NotNull @Valid RoomSettings settings) {
        return admin.change(id, settings);
    }
}
