package io.sluice.booking.waitingroom.rest;

import io.sluice.booking.waitingroom.service.WaitlistConfirmation;
import io.sluice.booking.waitingroom.service.WaitlistService;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The second half of the waitlist's double opt-in. The mailed link opens the citizen page, whose
 * button posts here: mail scanners that follow links must not confirm anyone.
 */
@Path("/api")
@Tag(name = "waiting room")
public class WaitlistResource {

    private final WaitlistService waitlist;

    public WaitlistResource(WaitlistService waitlist) {
        this.waitlist = waitlist;
    }

    @POST
    @Path("/waitlist/confirmations")
    @Operation(summary = "Confirm a waitlist entry with the token from the mailed link")
    @RequestBody(content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "confirm", value = """
            {"token": "Jd8w0pQvJk3n9cX2mZb7LrT1uY6aEo4s"}""")))
    public Uni<WaitlistService.Confirmed> confirm(@NotNull @Valid WaitlistConfirmation confirmation) {
        return waitlist.confirm(confirmation);
    }
}
