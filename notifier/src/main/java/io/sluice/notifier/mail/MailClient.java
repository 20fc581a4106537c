package io.sluice.notifier.mail;

import io.quarkus.mailer.Attachment;
import io.quarkus.mailer.Mail;
import io.sluice.notifier.NotifierConfig;
import io.sluice.notifier.delivery.SendRate;
import io.sluice.notifier.delivery.Unavailable;
import io.sluice.notifier.delivery.Undeliverable;
import io.smallrye.faulttolerance.api.AsynchronousNonBlocking;
import io.smallrye.faulttolerance.api.ExponentialBackoff;
import io.smallrye.mutiny.Uni;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.mail.MailAttachment;
import io.vertx.ext.mail.MailMessage;
import io.vertx.ext.mail.SMTPException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;

/**
 * The one way out to the SMTP relay: paced to the configured rate, bounded in time, retried with
 * exponential backoff for about two minutes (so a relay that is down for a minute loses nothing), and
 * cut off by a circuit breaker while the relay is down, so a backlog waits instead of hammering it.
 * A permanent refusal (5xx) is not retried. Every parameter can be overridden in the configuration,
 * e.g. {@code quarkus.fault-tolerance."io.sluice.notifier.mail.MailClient/sendAll".retry.max-retries}; all
 * durations are in milliseconds, because an override of a value without its unit would otherwise be read
 * in the annotation's unit.
 *
 * <p>{@link #sendAll} is the path of everything the dispatcher sends: one fault-tolerance invocation (with
 * its request-scope activation and context capture) per group of mails instead of per mail, which was a
 * fifth of the notifier's CPU in a sell-out. {@link #send} is for single mails outside the dispatcher.
 *
 * <p>Mails go to Vert.x's SMTP client directly (the client and pool that quarkus-mailer configures from
 * {@code quarkus.mailer.*}), not through Quarkus's {@code ReactiveMailer}, which copies every attachment
 * byte by byte through Mutiny (see {@link InMemoryAttachment}). Its mock mode is therefore not used: the
 * notifier always talks to the configured relay.
 */
@ApplicationScoped
public class MailClient {

    // Per mail, so that a group of many mails is not cut off for being long.
    private static final Duration MAIL_TIMEOUT = Duration.ofSeconds(15);

    private final Function<MailMessage, Uni<?>> relay;
    private final SendRate rate;

    @Inject
    public MailClient(io.vertx.mutiny.ext.mail.MailClient smtp, NotifierConfig config) {
        this(smtp::sendMail, config);
    }

    MailClient(Function<MailMessage, Uni<?>> relay, NotifierConfig config) {
        this.relay = relay;
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
                .chain(() -> relay.apply(message(mail)))
                .replaceWithVoid()
                .onFailure().transform(MailClient::classify);
    }

    /**
     * Sends the group's mails one after another; a mail the relay refuses for good is noted and skipped,
     * any other failure fails the attempt, and the retry goes on from the mail that failed. Retry and
     * circuit breaker count groups, not mails.
     */
    @AsynchronousNonBlocking
    @Retry(maxRetries = 10, delay = 500, jitter = 250, maxDuration = 300_000,
            abortOn = Undeliverable.class)
    @ExponentialBackoff(factor = 2, maxDelay = 30_000)
    @CircuitBreaker(requestVolumeThreshold = 20, failureRatio = 0.5, delay = 10_000,
            skipOn = Undeliverable.class)
    public Uni<Void> sendAll(MailGroup group) {
        return sendRest(group);
    }

    private Uni<Void> sendRest(MailGroup group) {
        if (!group.hasNext()) {
            return Uni.createFrom().voidItem();
        }
        return rate.permit()
                .chain(() -> relay.apply(message(group.next())))
                .ifNoItem().after(MAIL_TIMEOUT).fail()
                .onItemOrFailure().transformToUni((sent, failure) -> {
                    if (failure == null) {
                        group.accepted();
                        return sendRest(group);
                    }
                    Throwable classified = classify(failure);
                    if (classified instanceof Undeliverable refusal) {
                        group.refused(refusal.reason());
                        return sendRest(group);
                    }
                    return Uni.createFrom().failure(classified);
                });
    }

    /** What Quarkus's mailer would hand to Vert.x for {@code mail}, without copying the attachments. */
    static MailMessage message(Mail mail) {
        MailMessage message = new MailMessage()
                .setFrom(mail.getFrom())
                .setTo(mail.getTo())
                .setCc(mail.getCc())
                .setBcc(mail.getBcc())
                .setSubject(mail.getSubject())
                .setText(mail.getText())
                .setHtml(mail.getHtml());
        if (mail.getBounceAddress() != null) {
            message.setBounceAddress(mail.getBounceAddress());
        }
        MultiMap headers = MultiMap.caseInsensitiveMultiMap();
        mail.getHeaders().forEach(headers::add);
        message.setHeaders(headers);
        if (mail.getReplyTo() != null) {
            message.addHeader("Reply-To", mail.getReplyTo());
        }
        List<MailAttachment> attachments = new ArrayList<>();
        List<MailAttachment> inline = new ArrayList<>();
        for (Attachment attachment : mail.getAttachments()) {
            if (!(attachment instanceof InMemoryAttachment bytes)) {
                throw new IllegalArgumentException("attachments must be InMemoryAttachment: " + attachment.getName());
            }
            (attachment.isInlineAttachment() ? inline : attachments).add(MailAttachment.create()
                    .setName(attachment.getName())
                    .setContentId(attachment.getContentId())
                    .setDescription(attachment.getDescription())
                    .setDisposition(attachment.getDisposition())
                    .setContentType(attachment.getContentType())
                    .setData(Buffer.buffer(bytes.bytes())));
        }
        if (!attachments.isEmpty()) {
            message.setAttachment(attachments);
        }
        if (!inline.isEmpty()) {
            message.setInlineAttachment(inline);
        }
        return message;
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
