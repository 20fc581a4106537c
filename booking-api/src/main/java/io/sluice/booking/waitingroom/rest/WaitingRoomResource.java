package io.sluice.booking.waitingroom.rest;

import io.sluice.booking.waitingroom.service.Availability;
import io.sluice.booking.waitingroom.service.JoinRequest;
import io.sluice.booking.waitingroom.service.JoinService;
import io.sluice.booking.waitingroom.service.PoolAvailability;
import io.sluice.booking.waitingroom.service.RateLimiter;
import io.sluice.booking.waitingroom.service.RoomView;
import io.sluice.booking.waitingroom.service.StatusService;
import io.sluice.booking.waitingroom.service.TicketStatus;
import io.sluice.booking.waitingroom.service.WaitlistService;
import io.sluice.booking.waitingroom.service.WaitlistSignup;
import io.smallrye.common.annotation.NonBlocking;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** A citizen joins a release's queue, watches their place, and is admitted to book. */
@Path("/api")
@Tag(name = "waiting room", description = "Queue, status and admission; no login")
public class WaitingRoomResource {

    /** The header that carries the ticket: kept out of URLs, so it never lands in access logs or history. */
    public static final String TICKET_HEADER = "Sluice-Ticket";

    private static final CacheControl NO_STORE = CacheControl.valueOf("no-store");

    private final JoinService joins;
    private final StatusService status;
    private final Availability availability;
    private final WaitlistService waitlist;
    private final RateLimiter limits;

    public WaitingRoomResource(JoinService joins, StatusService status, Availability availability, WaitlistService waitlist,
            RateLimiter limits) {
        this.joins = joins;
        this.status = status;
        this.availability = availability;
        this.waitlist = waitlist;
        this.limits = limits;
    }

    @GET
    @Path("/releases/{releaseId}/waiting-room")
    @Operation(summary = "The release's waiting room: when it opens for joining, queue length, serving position, "
            + "and the shuffle seed's commitment (the seed itself once the pre-queue is drawn)")
    public Uni<RoomView> room(@PathParam("releaseId") long releaseId, @Context HttpServerRequest http) {
        limits.check(RateLimiter.Kind.STATUS, http);
        return joins.view(releaseId);
    }

    @GET
    @Path("/releases/{releaseId}/waiting-room/challenge")
    @Operation(summary = "A proof-of-work puzzle to solve before joining")
    public Uni<Response> challenge(@PathParam("releaseId") long releaseId, @Context HttpServerRequest http) {
        limits.check(RateLimiter.Kind.STATUS, http);
        return joins.challenge(releaseId).map(challenge -> Response.ok(challenge).cacheControl(NO_STORE).build());
    }

    @POST
    @Path("/releases/{releaseId}/waiting-room/tickets")
    @Operation(summary = "Join the queue with a solved puzzle: answers 201 with the signed ticket and its first status")
    @RequestBody(content = @Content(mediaType = "application/json", examples = {
            @ExampleObject(name = "join", value = """
                    {"challenge": "42.1764313200000.16.q1w2e3r4t5y6u7i8.N3Zh0V1Wm9Ez8aZP2c0wTg", "solution": "48213"}"""),
            @ExampleObject(name = "invitation", value = """
                    {"challenge": "42.1764313200000.16.q1w2e3r4t5y6u7i8.N3Zh0V1Wm9Ez8aZP2c0wTg", "solution": "48213", "invitationCode": "INV-7H2K-QX"}""")}))
    public Uni<Response> join(@PathParam("releaseId") long releaseId, @NotNull @Valid JoinRequest request,
            @Context HttpServerRequest http) {
        limits.check(RateLimiter.Kind.JOIN, http);
        return joins.join(releaseId, request).map(ticket -> Response
                .created(URI.create("/api/releases/" + releaseId + "/waiting-room/status"))
                .cacheControl(NO_STORE)
                .entity(ticket)
                .build());
    }

    /** Answered from memory on the event loop: this is the request every waiting citizen repeats. */
    @GET
    @Path("/releases/{releaseId}/waiting-room/status")
    @NonBlocking
    @Operation(summary = "Where the ticket stands: position, people ahead, estimated wait, slots left, when to ask again, "
            + "and the admission once it is admitted")
    public Response status(@PathParam("releaseId") long releaseId,
            @Parameter(description = "The ticket from joining", required = true) @HeaderParam(TICKET_HEADER) String ticket,
            @Context HttpServerRequest http) {
        limits.check(RateLimiter.Kind.STATUS, http);
        TicketStatus answer = status.status(releaseId, ticket);
        return Response.ok(answer).cacheControl(NO_STORE).header("Retry-After", answer.pollAfterSeconds()).build();
    }

    @GET
    @Path("/releases/{releaseId}/availability")
    @Operation(summary = "Free slots per site and day with the earliest free times, at most a second old")
    public Uni<List<PoolAvailability>> availability(@PathParam("releaseId") long releaseId, @Context HttpServerRequest http) {
        limits.check(RateLimiter.Kind.STATUS, http);
        return joins.view(releaseId).chain(room -> availability.pools(releaseId));
    }

    @POST
    @Path("/releases/{releaseId}/waitlist")
    @Operation(summary = "Leave an e-mail address to hear about freed slots or the next release; a confirmation mail follows (double opt-in)")
    @RequestBody(content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "waitlist", value = """
            {"email": "ada@example.org", "language": "en"}""")))
    public Uni<Response> joinWaitlist(@PathParam("releaseId") long releaseId,
            @Parameter(description = "A ticket of this release", required = true) @HeaderParam(TICKET_HEADER) String ticket,
            @NotNull @Valid WaitlistSignup signup, @Context HttpServerRequest http) {
        limits.check(RateLimiter.Kind.JOIN, http);
        return waitlist.signUp(releaseId, ticket, signup)
                .map(done -> Response.accepted(new WaitlistAnswer("PENDING", "a confirmation mail is on its way")).build());
    }

    /** Whether the address was on the list already is nobody else's business: the answer is always the same. */
    public record WaitlistAnswer(String state, String detail) {
    }
}
