package io.sluice.notifier.waitlist;

import io.sluice.events.SlotPoolKey;
import io.sluice.events.SlotsFreed;
import io.sluice.notifier.NotifierConfig;
import io.sluice.notifier.delivery.ConsumedEvent;
import io.sluice.notifier.delivery.Delivery;
import io.sluice.notifier.delivery.Dispatcher;
import io.sluice.notifier.delivery.Sourced;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Tells the confirmed waitlist of a release that slots became free: first confirmed first, at most
 * {@code offers-per-slot} entries per freed slot, each entry at most once per {@code offer-interval}; whoever
 * comes first through the waiting room books. Once per offer and entry: the offer and its recipients are
 * recorded in one transaction (the processed-message record), so a redelivered or replayed event mails the
 * same recipients, and the exactly-once record sends each of those mails once.
 */
@ApplicationScoped
public class WaitlistOfferService {

    static final String KIND = "WAITLIST_OFFER";
    private static final DateTimeFormatter GERMAN = DateTimeFormatter.ofPattern("EEEE, d. MMMM yyyy, HH:mm 'Uhr'", Locale.GERMANY);
    private static final DateTimeFormatter ENGLISH = DateTimeFormatter.ofPattern("EEEE, d MMMM yyyy, HH:mm", Locale.UK);

    private final WaitlistRepository waitlist;
    private final WaitlistMails mails;
    private final Dispatcher dispatcher;
    private final NotifierConfig.Waitlist config;
    private final String messageIdDomain;

    public WaitlistOfferService(WaitlistRepository waitlist, WaitlistMails mails, Dispatcher dispatcher,
            NotifierConfig config) {
        this.waitlist = waitlist;
        this.mails = mails;
        this.dispatcher = dispatcher;
        this.config = config.waitlist();
        this.messageIdDomain = config.messageIdDomain();
    }

    /** @return the events given up on, with the reason */
    public Uni<Map<ConsumedEvent, String>> offer(List<Sourced<SlotsFreed>> events) {
        Map<ConsumedEvent, String> failed = new LinkedHashMap<>();
        List<Delivery> deliveries = new ArrayList<>();
        // One event after the other: the second offer of a release must see whom the first one chose.
        Uni<Void> chosen = Uni.createFrom().voidItem();
        for (Sourced<SlotsFreed> event : events) {
            SlotsFreed freed = event.event();
            if (freed.offerId() == null || freed.freedSlots() < 1) {
                failed.put(event.source(), "slots freed without offer id or slots");
                continue;
            }
            chosen = chosen.chain(() -> deliveries(event).invoke(deliveries::addAll).replaceWithVoid());
        }
        return chosen.chain(() -> dispatcher.dispatch(deliveries)).map(failures -> {
            failures.forEach(f -> failed.putIfAbsent(f.delivery().source(), f.reason()));
            return failed;
        });
    }

    private Uni<List<Delivery>> deliveries(Sourced<SlotsFreed> event) {
        SlotsFreed freed = event.event();
        int limit = freed.freedSlots() * config.offersPerSlot();
        Long siteId = siteOf(freed.poolKey());
        return waitlist.recordOffer(freed, limit, config.offerInterval())
                .chain(recipients -> recipients.isEmpty() ? Uni.createFrom().item(List.<Delivery>of())
                        : waitlist.place(freed.releaseId(), siteId).map(place -> {
                            List<Delivery> deliveries = new ArrayList<>(recipients.size());
                            for (WaitlistEntry entry : recipients) {
                                String key = KIND + ":" + freed.offerId() + ":" + entry.id();
                                String messageId = "<waitlist-offer." + freed.offerId() + "." + entry.id() + "@" + messageIdDomain + ">";
                                WaitlistMail view = new WaitlistMail(place.releaseName(), mails.waitingRoomUrl(freed.releaseId()),
                                        slotTime(freed.slotStartsAt(), place.timeZone(), entry.german()), place.siteName(),
                                        freed.freedSlots());
                                deliveries.add(Delivery.email(key, null, KIND, messageId, event.source(),
                                        () -> mails.offer(entry, view, messageId)));
                            }
                            return deliveries;
                        }));
    }

    /** The freed slot's start in its site's zone, named beside it; null when the event or the site does not say. */
    static String slotTime(Instant startsAt, String timeZone, boolean german) {
        if (startsAt == null || timeZone == null) {
            return null;
        }
        try {
            ZoneId zone = ZoneId.of(timeZone);
            return startsAt.atZone(zone).format(german ? GERMAN : ENGLISH) + " (" + zone.getId() + ")";
        } catch (DateTimeException e) {
            return null;
        }
    }

    private static Long siteOf(String poolKey) {
        try {
            return poolKey == null ? null : SlotPoolKey.parse(poolKey).siteId();
        } catch (IllegalArgumentException e) {
            return null; // the offer still names the release
        }
    }
}
