package io.sluice.notifier.mail;

import io.quarkus.mailer.Mail;
import io.quarkus.mailer.reactive.ReactiveMailer;
import io.sluice.notifier.NotifierConfig;
import io.sluice.notifier.delivery.SendRate;
import io.sluice.notifier.delivery.Unavailable;
import io.sluice.notifier.delivery.Undeliverable;
import io.smallrye.faulttolerance.api.AsynchronousNonBlocking;
import io.smallrye.faulttolerance.api.ExponentialBackoff;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.mail.SMTPException;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;

/**
 * The one way out to the SMTP relay: paced to the configured rate, bounded in time, retried with
 * exponential backoff for about two minutes (so a relay that is down for a minute loses nothing), and
 * cut off by a circuit breaker while the relay is down, so a backlog waits instead of hammering it.
 * A permanent refusal (5xx) is not retried. Every parameter can be overridden in the configuration,
 * e.g. {@code quarkus.fault-tolerance."io.sluice.notifier.mail.MailClient/send".retry.max-retries}; all
 * durations are in milliseconds, because an override of a value without its unit would otherwise be read
 * in the annotation's unit.
 */
@ApplicationScoped
public class MailClient {

    private final ReactiveMailer mailer;
    private final SendRate rate;

    public MailClient(ReactiveMailer mailer, NotifierConfig config) {
        this.mailer = mailer;
        this.rate = new SendRate(config.mailRate());
    }

    @AsynchronousNonBlocking
    @Timeout(15_000)
    @Retry(maxRetries = 10, delay = 500, jitter = 250, maxDuration = 300_000,
            abortOn = Undeliverable.class)
    @ExponentialBackoff(factor = 2, maxDelay = 30_000)
    @CircuitBreaker(requestVolumeThreshold = 20, failureRatio = 0.5, delay = 10_000,
            skipOn = Undeliverable.class)
    public Uni<Void> send(Mail mail) {
        return rate.permit()
                .chain(() -> mailer.send(mail))
                .onFailure().transform(MailClient::classify);
    }

    /** A permanent refusal is not retried; anything else is the relay being unavailable for now. */
    private static Throwable classify(Throwable failure) {
        SMTPException smtp = smtp(failure);
        if (smtp != null) {
            String reason = "SMTP " + smtp.getReplyCode();
            return smtp.isPermanent() ? new Undeliverable(reason) : new Unavailable(reason, failure);
        }
        return new Unavailable(failure.getClass().getSimpleName(), failure);
    }

    private static SMTPException smtp(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SMTPException smtp) {
                return smtp;
            }
        }
        return null;
    }
}
