package io.sluice.notifier.waitlist;

import io.quarkus.scheduler.Scheduled;
import io.sluice.notifier.NotifierConfig;
import io.sluice.notifier.delivery.Delivery;
import io.sluice.notifier.delivery.Dispatcher;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jboss.logging.Logger;

/**
 * Mails the double opt-in link of new waitlist entries. booking-api writes the entry and publishes no
 * event, so every instance polls the table ({@code sluice.notifier.waitlist.every}, 5 s: the longest a
 * citizen waits for the mail beyond sending it); the exactly-once record decides which instance sends (a
 * claim is taken over only after a lease), and {@code confirmation_sent_at} is set only once the mail is SENT.
 */
@ApplicationScoped
public class WaitlistConfirmationService {

    static final String KIND = "WAITLIST_CONFIRMATION";
    private static final Logger LOG = Logger.getLogger(WaitlistConfirmationService.class);

    private final WaitlistRepository waitlist;
    private final WaitlistMails mails;
    private final Dispatcher dispatcher;
    private final NotifierConfig.Waitlist config;
    private final String messageIdDomain;

    public WaitlistConfirmationService(WaitlistRepository waitlist, WaitlistMails mails,
            Dispatcher dispatcher, NotifierConfig config) {
        this.waitlist = waitlist;
        this.mails = mails;
        this.dispatcher = dispatcher;
        this.config = config.waitlist();
        this.messageIdDomain = config.messageIdDomain();
    }

    @Scheduled(identity = "waitlist-confirmations", every = "${sluice.notifier.waitlist.every:5s}", delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> poll() {
        return sendDue().invoke(sent -> {
            if (sent > 0) {
                LOG.infof("%d waitlist confirmation mails sent", sent);
            }
        }).onFailure().invoke(e -> LOG.warnf("waitlist confirmation mails: %s, next run in %s", e.getClass().getSimpleName(),
                config.every())).onFailure().recoverWithNull().replaceWithVoid();
    }

    /** Mails the confirmation links due now; returns how many were due and did not fail (or were taken by another instance). */
    public Uni<Integer> sendDue() {
        return waitlist.awaitingConfirmationMail(KIND, config.maxAttempts(), config.batchSize()).chain(due -> {
            List<Delivery> deliveries = new ArrayList<>(due.size());
            for (WaitlistRepository.PendingConfirmation confirmation : due) {
                WaitlistEntry entry = confirmation.entry();
                String messageId = "<" + confirmation.messageKey().toLowerCase(Locale.ROOT).replace(':', '.')
                        .replace('_', '-') + "@" + messageIdDomain + ">";
                deliveries.add(Delivery.email(confirmation.messageKey(), null, KIND, messageId, null,
                        () -> mails.confirmation(entry, confirmation.releaseName(), messageId)));
            }
            return dispatcher.dispatchScheduled(deliveries, config.lease(), config.maxAttempts())
                    .call(failures -> waitlist.markConfirmationSent(due))
                    .map(failures -> due.size() - failures.size());
        });
    }
}
