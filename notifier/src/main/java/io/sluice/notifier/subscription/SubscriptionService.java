package io.sluice.notifier.subscription;

import io.quarkus.mailer.Mail;
import io.quarkus.qute.Engine;
import io.quarkus.qute.Template;
import io.quarkus.scheduler.Scheduled;
import io.sluice.notifier.NotifierConfig;
import io.sluice.notifier.mail.MailClient;
import io.sluice.notifier.mail.Sender;
import io.sluice.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * District subscriptions with double opt-in: a request stores a PENDING subscription and mails a
 * confirm link; only CONFIRMED subscriptions receive announcements. Unsubscribing deletes the row.
 * The answer to a request never says whether the address was already subscribed.
 */
@ApplicationScoped
public class SubscriptionService {

    private static final Logger LOG = Logger.getLogger(SubscriptionService.class);

    private final Pool db;
    private final MailClient mail;
    private final Sender sender;
    private final SubscriptionLinks links;
    private final Engine templates;
    private final NotifierConfig.Subscription config;

    public SubscriptionService(Pool db, MailClient mail, Sender sender, SubscriptionLinks links, Engine templates,
            NotifierConfig config) {
        this.db = db;
        this.mail = mail;
        this.sender = sender;
        this.links = links;
        this.templates = templates;
        this.config = config.subscription();
    }

    public Uni<Void> request(SubscriptionRequest request) {
        String district = request.district().strip();
        String email = request.email().strip();
        String language = request.language() == null ? "de" : request.language();
        return db.preparedQuery("select exists (select 1 from site where district = $1) as known")
                .execute(Tuple.of(district))
                .chain(rows -> {
                    if (!rows.iterator().next().getBoolean("known")) {
                        throw ProblemException.badRequest("district: no site in this district");
                    }
                    // Claims the right to send the confirmation in the same statement, so two quick requests
                    // for one address send one mail, and a repeated request only after resend-after.
                    return db.preparedQuery("""
                                    insert into district_subscription (id, district, email, language, state, confirmation_sent)
                                    values ($1, $2, $3, $4, 'PENDING', now())
                                    on conflict (district, lower(email)) do update
                                        set language = excluded.language, confirmation_sent = now()
                                        where district_subscription.state = 'PENDING'
                                          and (district_subscription.confirmation_sent is null
                                               or district_subscription.confirmation_sent < now() - ($5::float8 * interval '1 second'))
                                    returning id""")
                            .execute(Tuple.from(new Object[] {UUID.randomUUID(), district, email, language,
                                    (double) config.resendAfter().toSeconds()}));
                })
                .invoke(rows -> {
                    if (rows.size() > 0) {
                        sendConfirmation(rows.iterator().next().getUUID("id"), district, email, language);
                    }
                })
                .replaceWithVoid();
    }

    /**
     * In the background: the citizen gets the answer at once, not after the relay's retries. If the mail
     * cannot be sent, the next request for the same address may send it again without waiting.
     */
    private void sendConfirmation(UUID id, String district, String email, String language) {
        mail.send(confirmationMail(id, district, email, language)).subscribe().with(
                sent -> LOG.infof("subscription %s: confirmation mail sent", id),
                failure -> {
                    LOG.warnf("subscription %s: confirmation mail not sent: %s", id, failure.getClass().getSimpleName());
                    db.preparedQuery("update district_subscription set confirmation_sent = null where id = $1")
                            .execute(Tuple.of(id)).subscribe().with(done -> { }, e -> { });
                });
    }

    /** @return the district now subscribed to, or empty when the subscription no longer exists */
    public Uni<Optional<String>> confirm(String token) {
        UUID id = links.verify(SubscriptionLinks.Purpose.CONFIRM, token)
                .orElseThrow(() -> ProblemException.badRequest("token: not a valid confirmation link"));
        return db.preparedQuery("""
                        update district_subscription set state = 'CONFIRMED', confirmed_at = coalesce(confirmed_at, now())
                        where id = $1 returning district""")
                .execute(Tuple.of(id))
                .map(rows -> rows.size() == 0 ? Optional.<String>empty()
                        : Optional.of(rows.iterator().next().getString("district")));
    }

    /** Deletes the subscription; unsubscribing twice is not an error. */
    public Uni<Void> unsubscribe(String token) {
        UUID id = links.verify(SubscriptionLinks.Purpose.UNSUBSCRIBE, token)
                .orElseThrow(() -> ProblemException.badRequest("token: not a valid unsubscribe link"));
        return db.preparedQuery("delete from district_subscription where id = $1").execute(Tuple.of(id))
                .invoke(rows -> LOG.infof("subscription %s: unsubscribed (%d removed)", id, rows.rowCount()))
                .replaceWithVoid();
    }

    /** Whether the subscription a token names exists and is confirmed; for the pages. */
    public Uni<Optional<String>> state(SubscriptionLinks.Purpose purpose, String token) {
        UUID id = links.verify(purpose, token)
                .orElseThrow(() -> ProblemException.badRequest("token: not a valid link"));
        return db.preparedQuery("select state from district_subscription where id = $1").execute(Tuple.of(id))
                .map(rows -> {
                    for (Row row : rows) {
                        return Optional.of(row.getString("state"));
                    }
                    return Optional.empty();
                });
    }

    /** Unconfirmed subscriptions are personal data kept for nothing after a while. */
    @Scheduled(identity = "subscription-cleanup", every = "1h", delayed = "1m")
    Uni<Void> deleteUnconfirmed() {
        return db.preparedQuery("delete from district_subscription where state = 'PENDING' and requested_at < now() - ($1::float8 * interval '1 second')")
                .execute(Tuple.of((double) config.pendingRetention().toSeconds()))
                .invoke(rows -> {
                    if (rows.rowCount() > 0) {
                        LOG.infof("%d unconfirmed subscriptions deleted", rows.rowCount());
                    }
                })
                .replaceWithVoid();
    }

    private Mail confirmationMail(UUID id, String district, String email, String language) {
        SubscriptionMail view = new SubscriptionMail(district, links.url(SubscriptionLinks.Purpose.CONFIRM, id));
        Template text = templates.getTemplate("mail/subscription_" + language + ".txt");
        Template html = templates.getTemplate("mail/subscription_" + language + ".html");
        return sender.from(new Mail()
                .addTo(email)
                .setSubject(text.getFragment("subject").data("s", view).render().strip())
                .setText(text.data("s", view).render().strip())
                .setHtml(html.data("s", view).render().strip()));
    }
}
