package io.sluice.notifier.mail;

import io.quarkus.mailer.Mail;
import io.quarkus.mailer.reactive.ReactiveMailer;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.temporal.ChronoUnit;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;

/** The one way out to the SMTP relay: bounded in time, retried with backoff, cut off when the relay is down. */
@ApplicationScoped
public class MailClient {

    private final ReactiveMailer mailer;

    public MailClient(ReactiveMailer mailer) {
        this.mailer = mailer;
    }

    @Timeout(value = 10, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 4, delay = 500, jitter = 200)
    @CircuitBreaker(requestVolumeThreshold = 20, failureRatio = 0.5, delay = 10, delayUnit = ChronoUnit.SECONDS)
    public Uni<Void> send(Mail mail) {
        return mailer.send(mail);
    }
}
