package io.sluice.booking.waitingroom.rest;

import io.sluice.booking.waitingroom.service.RateLimitedException;
import io.sluice.problem.Problem;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** 429 as a problem document, with Retry-After so that well-behaved clients wait just long enough. */
public class RateLimitedMapper {

    @ServerExceptionMapper
    public Response rateLimited(RateLimitedException e) {
        return Response.status(429)
                .header("Retry-After", e.retryAfterSeconds())
                .type(Problem.MEDIA_TYPE)
                .entity(Problem.of(429, "Too Many Requests", "this address asked too often; retry after "
                        + e.retryAfterSeconds() + " s"))
                .build();
    }
}
