package io.sluice.gatling;

import static io.gatling.javaapi.core.CoreDsl.asLongAs;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.pause;

import io.gatling.javaapi.core.ChainBuilder;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The release the operator persona created, handed to the citizens and staff of the same simulation:
 * Gatling sessions are per virtual user, so a value that crosses personas lives here.
 */
final class SharedRelease {

    private final AtomicLong id = new AtomicLong();

    /** The operator's last step: the release in its session becomes everyone's. */
    ChainBuilder publish() {
        return exec(session -> {
            id.set(session.getLong("releaseId"));
            return session;
        });
    }

    /** A citizen or staff member arriving before the operator is done waits for the release. */
    ChainBuilder await() {
        return asLongAs(session -> id.get() == 0).on(pause(Duration.ofMillis(200)))
                .exec(session -> session.set("releaseId", id.get()));
    }

    long id() {
        return id.get();
    }
}
