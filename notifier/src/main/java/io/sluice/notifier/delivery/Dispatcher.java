package io.sluice.notifier.delivery;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.mailer.Mail;
import io.sluice.notifier.NotifierConfig;
import io.sluice.notifier.mail.MailClient;
import io.sluice.notifier.mail.MailGroup;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * Sends a batch of messages exactly once each: claim them all in one statement, send the claimed ones
 * with bounded concurrency, and record each outcome. Messages that still fail after the clients'
 * retries are returned, so that the caller can dead-letter the events that asked for them.
 *
 * <p>E-mails go to the relay in groups ({@link MailGroup}): the claimed mails of a batch are dealt into as
 * many groups as mails may be in flight, each group sends one mail after the other, and the group is the
 * unit of retry and circuit breaking, so the fault-tolerance machinery runs once per group, not per mail.
 */
@ApplicationScoped
public class Dispatcher {

    private static final Logger LOG = Logger.getLogger(Dispatcher.class);
    private static final int RECORD_BATCH = 50;
    private static final int RECORD_RETRIES = 30;
    // Bounds how long an accepted mail waits for its record (the resend window after a crash, README).
    private static final int MAX_MAIL_GROUP = 25;

    private final DeliveryLog log;
    private final MailClient mailClient;
    private final MeterRegistry metrics;
    private final int concurrency;
    private final Optional<Duration> holdBeforeRecord;

    public Dispatcher(DeliveryLog log, MailClient mailClient, MeterRegistry metrics, NotifierConfig config) {
        this.log = log;
        this.mailClient = mailClient;
        this.metrics = metrics;
        this.concurrency = config.concurrency();
        this.holdBeforeRecord = config.holdBeforeRecord();
    }

    /** A message that could not be sent, and why (never with personal data). */
    public record Failure(Delivery delivery, String reason) {
    }

    /** For messages that consumed events asked for: a redelivery or a replay takes over unfinished claims. */
    public Uni<List<Failure>> dispatch(List<Delivery> deliveries) {
        return dispatch(deliveries, log::claim);
    }

    /** For scheduled messages, which several instances may look for at once. */
    public Uni<List<Failure>> dispatchScheduled(List<Delivery> deliveries, Duration lease, int maxAttempts) {
        return dispatch(deliveries, unique -> log.claimScheduled(unique, lease, maxAttempts));
    }

    private Uni<List<Failure>> dispatch(List<Delivery> deliveries, Function<List<Delivery>, Uni<Set<String>>> claim) {
        // The same event may arrive twice in one batch; two claims of one key would both win.
        Map<String, Delivery> unique = new LinkedHashMap<>();
        deliveries.forEach(d -> unique.putIfAbsent(d.messageKey(), d));
        List<Delivery> candidates = new ArrayList<>(unique.values());
        return claim.apply(candidates).chain(claimed -> {
            List<Delivery> mails = new ArrayList<>();
            List<Delivery> others = new ArrayList<>();
            for (Delivery d : candidates) {
                if (claimed.contains(d.messageKey())) {
                    (d.medium() == Medium.EMAIL ? mails : others).add(d);
                }
            }
            Multi<Outcome> mailOutcomes = Multi.createFrom().iterable(groups(mails))
                    .onItem().transformToUni(this::attemptGroup).merge(concurrency)
                    .onItem().<Outcome>disjoint();
            Multi<Outcome> otherOutcomes = Multi.createFrom().iterable(others)
                    .onItem().transformToUni(this::attempt).merge(concurrency);
            return Multi.createBy().merging().streams(mailOutcomes, otherOutcomes)
                // Outcomes are recorded a few at a time: one statement instead of one per message. A crash
                // before the record resends these few with their Message-IDs (see README, Exactly once).
                .group().intoLists().of(RECORD_BATCH)
                .onItem().transformToUniAndConcatenate(this::record)
                .collect().in(ArrayList<Failure>::new, List::addAll);
        });
    }

    /** As many groups as mails may be in flight, each of at most {@link #MAX_MAIL_GROUP}. */
    private List<List<Delivery>> groups(List<Delivery> mails) {
        if (mails.isEmpty()) {
            return List.of();
        }
        int size = Math.min(MAX_MAIL_GROUP, Math.max(1, (mails.size() + concurrency - 1) / concurrency));
        List<List<Delivery>> groups = new ArrayList<>((mails.size() + size - 1) / size);
        for (int from = 0; from < mails.size(); from += size) {
            groups.add(mails.subList(from, Math.min(mails.size(), from + size)));
        }
        return groups;
    }

    private Uni<List<Outcome>> attemptGroup(List<Delivery> deliveries) {
        List<Outcome> outcomes = new ArrayList<>(deliveries.size());
        List<Delivery> built = new ArrayList<>(deliveries.size());
        List<Mail> mails = new ArrayList<>(deliveries.size());
        for (Delivery delivery : deliveries) {
            try {
                mails.add(delivery.mail().get());
                built.add(delivery);
            } catch (RuntimeException e) {
                outcomes.add(new Outcome(delivery, reason(e)));
            }
        }
        if (mails.isEmpty()) {
            return Uni.createFrom().item(outcomes);
        }
        MailGroup group = new MailGroup(mails);
        Uni<Void> sent = Uni.createFrom().deferred(() -> mailClient.sendAll(group));
        if (holdBeforeRecord.isPresent()) {
            sent = sent.onItem().delayIt().by(holdBeforeRecord.get());
        }
        return sent.onItemOrFailure().transform((done, failure) -> {
            String notReached = failure == null ? "not sent" : reason(failure);
            for (int i = 0; i < built.size(); i++) {
                String refusal = group.refusal(i);
                outcomes.add(new Outcome(built.get(i),
                        group.accepted(i) ? null : refusal != null ? refusal : notReached));
            }
            return outcomes;
        });
    }

    /** What became of one message: sent when {@code failure} is null. */
    private record Outcome(Delivery delivery, String failure) {
    }

    private Uni<Outcome> attempt(Delivery delivery) {
        Uni<Void> sent = Uni.createFrom().deferred(() -> delivery.send().get());
        if (holdBeforeRecord.isPresent()) {
            sent = sent.onItem().delayIt().by(holdBeforeRecord.get());
        }
        return sent
                .map(done -> new Outcome(delivery, null))
                .onFailure().recoverWithItem(failure -> new Outcome(delivery, reason(failure)));
    }

    private Uni<List<Failure>> record(List<Outcome> outcomes) {
        List<String> sent = new ArrayList<>(outcomes.size());
        List<Failure> failures = new ArrayList<>();
        for (Outcome outcome : outcomes) {
            if (outcome.failure() == null) {
                sent.add(outcome.delivery().messageKey());
                count(outcome.delivery(), "sent");
            } else {
                failures.add(new Failure(outcome.delivery(), outcome.failure()));
                count(outcome.delivery(), "failed");
                LOG.warnf("%s %s gave up: %s", outcome.delivery().medium(), outcome.delivery().messageKey(),
                        outcome.failure());
            }
        }
        Uni<Void> recorded = log.markSent(sent);
        for (Failure failure : failures) {
            recorded = recorded.chain(() -> log.markFailed(failure.delivery().messageKey(), failure.reason()));
        }
        // Sent is sent: a database hiccup here must not fail the batch, whose retry would send these again.
        return recorded.onFailure().retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(10)).atMost(RECORD_RETRIES)
                .map(done -> failures);
    }

    private void count(Delivery delivery, String outcome) {
        metrics.counter("sluice.notifier.messages", "kind", delivery.kind(), "medium", delivery.medium().name(),
                "outcome", outcome).increment();
    }

    /**
     * The exception's type and, for relays, their status; never the message text, which may quote the
     * recipient's address (an SMTP 550 does).
     */
    static String reason(Throwable failure) {
        if (failure instanceof Undeliverable undeliverable) {
            return undeliverable.reason();
        }
        if (failure instanceof Unavailable unavailable) {
            return unavailable.reason();
        }
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == failure ? failure.getClass().getSimpleName()
                : failure.getClass().getSimpleName() + " (" + root.getClass().getSimpleName() + ")";
    }
}
