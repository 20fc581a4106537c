package io.sluice.notifier.announcement;

import io.quarkus.mailer.Mail;
import io.quarkus.qute.Engine;
import io.quarkus.qute.Template;
import io.sluice.events.ReleaseAnnounced;
import io.sluice.notifier.NotifierConfig;
import io.sluice.notifier.delivery.ConsumedEvent;
import io.sluice.notifier.delivery.Delivery;
import io.sluice.notifier.delivery.Dispatcher;
import io.sluice.notifier.delivery.Sourced;
import io.sluice.notifier.mail.Sender;
import io.sluice.notifier.subscription.SubscriptionLinks;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Tells provider staff of a release's sites and the citizens subscribed to its district that the release
 * is announced: when it opens, where, how many slots. Once per release and recipient (a redelivered or
 * replayed announcement reaches only those who have not had it yet). Subscribers' mails carry a
 * one-click unsubscribe link (RFC 8058).
 */
@ApplicationScoped
public class AnnouncementService {

    static final String KIND = "ANNOUNCEMENT";
    private static final int PAGE = 500;

    private final RecipientRepository recipients;
    private final Dispatcher dispatcher;
    private final Sender sender;
    private final SubscriptionLinks links;
    private final Engine templates;
    private final NotifierConfig config;

    public AnnouncementService(RecipientRepository recipients, Dispatcher dispatcher, Sender sender,
            SubscriptionLinks links, Engine templates, NotifierConfig config) {
        this.recipients = recipients;
        this.dispatcher = dispatcher;
        this.sender = sender;
        this.links = links;
        this.templates = templates;
        this.config = config;
    }

    /** @return the announcements given up on, with the reason */
    public Uni<Map<ConsumedEvent, String>> announce(List<Sourced<ReleaseAnnounced>> announcements) {
        Map<ConsumedEvent, String> failed = new LinkedHashMap<>();
        Uni<Void> done = Uni.createFrom().voidItem();
        for (Sourced<ReleaseAnnounced> announcement : announcements) {
            done = done.chain(() -> announce(announcement, failed));
        }
        return done.map(nothing -> failed);
    }

    private Uni<Void> announce(Sourced<ReleaseAnnounced> announcement, Map<ConsumedEvent, String> failed) {
        ReleaseAnnounced event = announcement.event();
        if (event.district() == null) {
            failed.put(announcement.source(), "announcement without district");
            return Uni.createFrom().voidItem();
        }
        List<String> siteCodes = event.sites() == null ? List.of()
                : event.sites().stream().map(ReleaseAnnounced.AnnouncedSite::code).toList();
        return recipients.staffOf(siteCodes)
                .chain(staff -> send(announcement, staff, failed))
                .chain(() -> subscribersFrom(announcement, null, failed));
    }

    private Uni<Void> subscribersFrom(Sourced<ReleaseAnnounced> announcement, UUID after, Map<ConsumedEvent, String> failed) {
        return recipients.subscribersOf(announcement.event().district(), after, PAGE).chain(page -> {
            if (page.isEmpty()) {
                return Uni.createFrom().voidItem();
            }
            UUID last = page.get(page.size() - 1).subscription();
            Uni<Void> sent = send(announcement, page, failed);
            return page.size() < PAGE ? sent : sent.chain(() -> subscribersFrom(announcement, last, failed));
        });
    }

    private Uni<Void> send(Sourced<ReleaseAnnounced> announcement, List<Recipient> to, Map<ConsumedEvent, String> failed) {
        List<Delivery> deliveries = new ArrayList<>(to.size());
        for (Recipient recipient : to) {
            String key = KIND + ":" + announcement.event().releaseId() + ":" + recipient.kind() + ":" + recipient.id();
            String messageId = "<announcement." + announcement.event().releaseId() + "." + recipient.kind().name().toLowerCase(Locale.ROOT)
                    + "." + recipient.id() + "@" + config.messageIdDomain() + ">";
            deliveries.add(Delivery.email(key, null, KIND, messageId, announcement.source(),
                    () -> mail(announcement.event(), recipient, messageId)));
        }
        return dispatcher.dispatch(deliveries).invoke(failures -> failures
                .forEach(f -> failed.putIfAbsent(f.delivery().source(), f.reason()))).replaceWithVoid();
    }

    Mail mail(ReleaseAnnounced event, Recipient recipient, String messageId) {
        String unsubscribe = recipient.subscription() == null ? null
                : links.url(SubscriptionLinks.Purpose.UNSUBSCRIBE, recipient.subscription());
        AnnouncementView view = AnnouncementView.of(event, recipient, config.publicBaseUrl().toString(), unsubscribe);
        String language = "de".equals(recipient.language()) ? "de" : "en";
        Template text = templates.getTemplate("mail/announcement_" + language + ".txt");
        Template html = templates.getTemplate("mail/announcement_" + language + ".html");
        Mail result = new Mail()
                .addTo(recipient.email())
                .setSubject(text.getFragment("subject").data("r", view).render().strip())
                .setText(text.data("r", view).render().strip())
                .setHtml(html.data("r", view).render().strip())
                .addHeader("Message-ID", messageId);
        if (unsubscribe != null) {
            // One-click unsubscribe (RFC 8058): mail clients show a button that POSTs to this URL.
            result.addHeader("List-Unsubscribe", "<" + unsubscribe + ">")
                    .addHeader("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        }
        return sender.from(result);
    }
}
