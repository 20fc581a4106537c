package io.sluice.notifier.announcement;

import io.sluice.events.Topics;
import io.sluice.events.serde.ReleaseAnnouncedDeserializer;
import io.sluice.notifier.delivery.ConsumedEvent;
import io.sluice.notifier.delivery.EventIntake;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Announced releases become mails to staff and subscribers. */
@ApplicationScoped
public class AnnouncementListener {

    private final EventIntake intake;
    private final AnnouncementService announcements;
    private final ReleaseAnnouncedDeserializer reader = new ReleaseAnnouncedDeserializer();

    public AnnouncementListener(EventIntake intake, AnnouncementService announcements) {
        this.intake = intake;
        this.announcements = announcements;
    }

    @Incoming(Topics.RELEASE_ANNOUNCEMENTS)
    public Uni<Void> onAnnouncements(KafkaRecordBatch<String, byte[]> batch) {
        return intake.handle(batch, batch.getRecords().stream().map(ConsumedEvent::of).toList(), reader,
                announcements::announce);
    }
}
