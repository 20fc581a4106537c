package io.sluice.notifier.delivery;

import io.sluice.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import java.util.List;
import java.util.Map;

/**
 * Staff see what the notifier gave up on and replay it once the cause is fixed (the relay is back, the
 * booking data repaired). A replay cannot double a message: the exactly-once record skips what was sent.
 */
@Path("/api/notifier/dead-letters")
@RolesAllowed({"staff", "operator"})
@Produces(MediaType.APPLICATION_JSON)
public class DeadLetterResource {

    private final DeadLetters deadLetters;

    public DeadLetterResource(DeadLetters deadLetters) {
        this.deadLetters = deadLetters;
    }

    /** Newest first; {@code state} OPEN (default), REPLAYED or ALL. */
    @GET
    public Uni<List<DeadLetters.DeadLetter>> list(
            @QueryParam("state") @DefaultValue("OPEN") @Pattern(regexp = "OPEN|REPLAYED|ALL") String state,
            @QueryParam("limit") @DefaultValue("100") @Min(1) @Max(1000) int limit) {
        return deadLetters.list("ALL".equals(state) ? null : state, limit);
    }

    @GET
    @Path("{id}")
    public Uni<DeadLetters.DeadLetter> get(@PathParam("id") long id) {
        return deadLetters.find(id).map(found -> found.orElseThrow(() -> ProblemException.notFound("dead letter " + id)));
    }

    /** Publishes the original event to its topic again; 404 when there is no open dead letter with this id. */
    @POST
    @Path("{id}/replay")
    public Uni<DeadLetters.DeadLetter> replay(@PathParam("id") long id, @Context SecurityContext caller) {
        return deadLetters.replay(id, caller.getUserPrincipal().getName())
                .map(found -> found.orElseThrow(() -> ProblemException.notFound("open dead letter " + id)));
    }

    /** Replays every open dead letter, oldest first. */
    @POST
    @Path("replay")
    public Uni<Map<String, Integer>> replayAll(@Context SecurityContext caller) {
        return deadLetters.replayAll(caller.getUserPrincipal().getName()).map(count -> Map.of("replayed", count));
    }
}
