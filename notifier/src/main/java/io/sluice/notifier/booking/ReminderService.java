package io.sluice.notifier.booking;

import io.quarkus.scheduler.Scheduled;
import io.sluice.notifier.NotifierConfig;
import io.sluice.notifier.delivery.Delivery;
import io.sluice.notifier.delivery.Dispatcher;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Reminds citizens of their appointment the day before. Every instance looks regularly for confirmed
 * bookings starting within the next day; the exactly-once record decides which instance sends (a claim
 * is taken over only after a lease), and a failed reminder is tried again on a later run, a few times.
 * Bookings made shortly before their appointment get no reminder: their confirmation is fresh.
 */
@ApplicationScoped
public class ReminderService {

    private static final Logger LOG = Logger.getLogger(ReminderService.class);

    private final Pool db;
    private final AppointmentRepository appointments;
    private final AppointmentMessages messages;
    private final Dispatcher dispatcher;
    private final NotifierConfig.Reminder config;

    public ReminderService(Pool db, AppointmentRepository appointments, AppointmentMessages messages,
            Dispatcher dispatcher, NotifierConfig config) {
        this.db = db;
        this.appointments = appointments;
        this.messages = messages;
        this.dispatcher = dispatcher;
        this.config = config.reminder();
    }

    @Scheduled(identity = "reminders", every = "${sluice.notifier.reminder.every:5m}", delayed = "30s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> remind() {
        return sendDue().invoke(sent -> {
            if (sent > 0) {
                LOG.infof("%d reminder messages sent", sent);
            }
        }).replaceWithVoid();
    }

    /** Sends the reminders due now; returns how many messages were due and did not fail (or were taken by another instance). */
    public Uni<Integer> sendDue() {
        return db.preparedQuery("""
                        select b.request_id, b.slot_id
                        from booking b
                        join slot s on s.id = b.slot_id
                        where b.state = 'CONFIRMED'
                          and s.starts_at > now() and s.starts_at <= now() + ($1::float8 * interval '1 second')
                          and b.created_at <= s.starts_at - ($2::float8 * interval '1 second')
                          and not exists (select 1 from notification n
                                          where n.message_key = 'REMINDER:' || b.code
                                            and (n.state = 'SENT' or n.attempts >= $3))
                        order by s.starts_at
                        limit $4""")
                .execute(Tuple.of((double) config.ahead().toSeconds(), (double) config.bookedAtLeast().toSeconds(),
                        config.maxAttempts(), config.batchSize()))
                .chain(rows -> {
                    List<AppointmentRepository.Wanted> wanted = new ArrayList<>();
                    for (Row row : rows) {
                        wanted.add(new AppointmentRepository.Wanted(row.getUUID("request_id"), row.getLong("slot_id")));
                    }
                    return appointments.load(wanted);
                })
                .chain(found -> {
                    List<Delivery> deliveries = new ArrayList<>();
                    found.values().forEach(a -> deliveries.addAll(messages.deliveries(AppointmentMessage.REMINDER, a, null)));
                    int attempted = deliveries.size();
                    return dispatcher.dispatchScheduled(deliveries, config.lease(), config.maxAttempts())
                            .map(failures -> attempted - failures.size());
                });
    }
}
