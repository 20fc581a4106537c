package io.sluice.problem;

import io.vertx.core.VertxException;
import io.vertx.core.http.ConnectionPoolTooBusyException;
import io.vertx.sqlclient.ClosedConnectionException;
import io.vertx.sqlclient.DatabaseException;
import java.net.ConnectException;
import java.net.SocketException;
import java.nio.channels.ClosedChannelException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.errors.BrokerNotAvailableException;
import org.apache.kafka.common.errors.RetriableException;

/**
 * Recognises a failure that means PostgreSQL or Kafka cannot be reached right now (down, restarting, its
 * connections all busy): the same request is likely to succeed in a few seconds, so the caller gets 503 with
 * Retry-After instead of a 500. Hibernate Reactive and Mutiny wrap these, so the whole cause chain counts.
 */
public enum Unavailable {

    DATABASE("the database"),
    MESSAGE_BROKER("the message broker");

    /** PostgreSQL's SQLSTATEs of a server that is going away or not accepting connections yet. */
    private static final Set<String> SERVER_GOING_AWAY = Set.of(
            "57P01", // admin_shutdown: a fast shutdown ended the session
            "57P02", // crash_shutdown
            "57P03", // cannot_connect_now: starting up or shutting down
            "53300"); // too_many_connections

    /** Vert.x fails a pool acquisition that waited longer than the pool's connection timeout with only this text. */
    private static final String POOL_TIMEOUT = "Timeout waiting for connection";

    private final String what;

    Unavailable(String what) {
        this.what = what;
    }

    /** Which dependency the failure says is unreachable, if it says so anywhere in its cause chain. */
    public static Optional<Unavailable> of(Throwable failure) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable cause = failure; cause != null && seen.add(cause); cause = cause.getCause()) {
            if (cause instanceof RetriableException || cause instanceof BrokerNotAvailableException) {
                return Optional.of(MESSAGE_BROKER);
            }
            if (isDatabaseUnreachable(cause)) {
                return Optional.of(DATABASE);
            }
        }
        return Optional.empty();
    }

    /** Names the dependency in a problem's detail; never anything about the request. */
    public String detail() {
        return what + " is not reachable right now; try again shortly";
    }

    private static boolean isDatabaseUnreachable(Throwable cause) {
        if (cause instanceof DatabaseException database) {
            String state = database.getSqlState();
            return state != null && (state.startsWith("08") || SERVER_GOING_AWAY.contains(state));
        }
        // Kafka's client reports its own network failures as RetriableExceptions (above); a bare socket failure
        // inside booking-api's request path comes from the PostgreSQL client.
        return cause instanceof ConnectException
                || cause instanceof SocketException
                || cause instanceof ClosedChannelException
                || cause instanceof ClosedConnectionException
                || cause instanceof ConnectionPoolTooBusyException
                || cause instanceof VertxException && POOL_TIMEOUT.equals(cause.getMessage());
    }
}
