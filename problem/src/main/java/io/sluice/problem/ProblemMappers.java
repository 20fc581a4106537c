package io.sluice.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Maps every failure to a {@link Problem}; only a genuine bug becomes a 500, and it logs no request data. */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);
    /** PostgreSQL restarts in seconds, Kafka's clients reconnect within a second of the broker's return. */
    private static final int RETRY_AFTER_SECONDS = 5;

    @ServerExceptionMapper
    public Response refused(ProblemException e) {
        return respond(e.problem());
    }

    /** No or no valid token; with lazy authentication (proactive=false) it arrives here, not as a bare 401. */
    @ServerExceptionMapper({UnauthorizedException.class, AuthenticationFailedException.class})
    public Response unauthenticated(RuntimeException e) {
        return Response.fromResponse(respond(Problem.of(401, "Unauthorized",
                        "this needs a valid bearer token (operator or staff)")))
                .header("WWW-Authenticate", "Bearer")
                .build();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return respond(Problem.of(403, "Forbidden", "the token's role may not do this"));
    }

    @ServerExceptionMapper
    public Response invalidInput(ConstraintViolationException e) {
        List<Problem.Violation> violations = e.getConstraintViolations().stream()
                .map(v -> new Problem.Violation(fieldOf(v), v.getMessage()))
                .sorted(Comparator.comparing(Problem.Violation::field))
                .toList();
        String detail = violations.stream().map(v -> v.field() + ": " + v.message()).collect(Collectors.joining("; "));
        return respond(new Problem("about:blank", "Bad Request", 400, detail, violations));
    }

    @ServerExceptionMapper
    public Response unreadableJson(JsonProcessingException e) {
        if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            StringBuilder field = new StringBuilder();
            for (JsonMappingException.Reference ref : mapping.getPath()) {
                if (ref.getFieldName() == null) {
                    field.append('[').append(ref.getIndex()).append(']');
                } else {
                    field.append(field.isEmpty() ? "" : ".").append(ref.getFieldName());
                }
            }
            return respond(Problem.ofField(400, "Bad Request", field.toString(), "has the wrong type or format"));
        }
        return respond(Problem.of(400, "Bad Request", "the request body is not valid JSON"));
    }

    /** Wins over Quarkus' own mapper for this type, whose body is not a problem document. */
    @ServerExceptionMapper
    public Response wrongFormat(InvalidFormatException e) {
        return unreadableJson(e);
    }

    @ServerExceptionMapper
    public Response wrongShape(MismatchedInputException e) {
        return unreadableJson(e);
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        // The JSON reader wraps parse and type errors in a bare 400; say what was wrong instead.
        if (e.getCause() instanceof JsonProcessingException json) {
            return unreadableJson(json);
        }
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            LOG.errorf(e, "request failed with %d", status);
        }
        String title = e.getResponse().getStatusInfo().getReasonPhrase();
        return respond(Problem.of(status, title, e.getMessage()));
    }

    /** Anything not mapped above: a dependency that is down (503, wrapped in whatever layer) or a bug (500). */
    @ServerExceptionMapper
    public Response unexpected(Exception e) {
        Optional<Unavailable> unavailable = Unavailable.of(e);
        if (unavailable.isPresent()) {
            return unavailable(unavailable.get(), e);
        }
        LOG.errorf(e, "unexpected failure");
        return respond(Problem.of(500, "Internal Server Error", "the request could not be completed"));
    }

    /**
     * 503 with Retry-After: the client (and a load balancer) backs off and comes back, and the instance stays
     * up, since its pools reconnect by themselves once the dependency is back.
     */
    private static Response unavailable(Unavailable dependency, Exception e) {
        // One line, no stack: an outage fails every request. The innermost cause is the driver's own
        // (refused, closed, SQLSTATE), never a wrapper's text that might quote the request.
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        LOG.warnf("answering 503, %s is unavailable: %s", dependency, cause);
        return Response.fromResponse(respond(Problem.of(503, "Service Unavailable", dependency.detail())))
                .header("Retry-After", RETRY_AFTER_SECONDS)
                .build();
    }

    private static String fieldOf(ConstraintViolation<?> violation) {
        // "accept.arg1.email" -> "email": the method and parameter part means nothing to a caller.
        String path = violation.getPropertyPath().toString();
        String[] parts = path.split("\\.");
        return parts.length > 2 ? String.join(".", Arrays.copyOfRange(parts, 2, parts.length)) : parts[parts.length - 1];
    }

    private static Response respond(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem).build();
    }
}
