package io.sluice.problem;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.VertxException;
import io.vertx.core.http.ConnectionPoolTooBusyException;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import java.net.ConnectException;
import java.util.concurrent.CompletionException;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;

class UnavailableTest {

    @Test
    void aDatabaseThatIsDownOrRestartingIsUnavailableHoweverDeeplyWrapped() {
        assertThat(Unavailable.of(new ConnectException("Connection refused"))).contains(Unavailable.DATABASE);
        assertThat(Unavailable.of(new IllegalStateException("session failed", new CompletionException(ClosedConnectionException.INSTANCE))))
                .contains(Unavailable.DATABASE);
        assertThat(Unavailable.of(new PgException("terminating connection due to administrator command", "FATAL",
                "57P01", null))).contains(Unavailable.DATABASE);
        assertThat(Unavailable.of(new PgException("the database system is starting up", "FATAL", "57P03", null)))
                .contains(Unavailable.DATABASE);
    }

    @Test
    void anExhaustedPoolIsUnavailable() {
        assertThat(Unavailable.of(new VertxException("Timeout waiting for connection", true)))
                .contains(Unavailable.DATABASE);
        assertThat(Unavailable.of(new ConnectionPoolTooBusyException("max wait queue size of 100 reached")))
                .contains(Unavailable.DATABASE);
    }

    @Test
    void aBrokerThatDoesNotAnswerIsUnavailable() {
        assertThat(Unavailable.of(new CompletionException(
                new TimeoutException("Topic booking-requests not present in metadata after 5000 ms."))))
                .contains(Unavailable.MESSAGE_BROKER);
    }

    @Test
    void bugsAndRefusalsAreNotAnOutage() {
        assertThat(Unavailable.of(new IllegalStateException("a bug"))).isEmpty();
        assertThat(Unavailable.of(new PgException("duplicate key value", "ERROR", "23505", null))).isEmpty();
        assertThat(Unavailable.of(new VertxException("something else"))).isEmpty();
    }
}
