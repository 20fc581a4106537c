package io.sluice.notifier.booking;

import io.sluice.events.BookingDecided;
import io.sluice.notifier.delivery.ConsumedEvent;
import io.sluice.notifier.delivery.Delivery;
import io.sluice.notifier.delivery.Dispatcher;
import io.sluice.notifier.delivery.Sourced;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Sends each confirmed booking's confirmation exactly once: by e-mail, and by SMS when the citizen gave a
 * phone number. A redelivered decision finds its messages SENT and sends nothing. If the process dies
 * after the relay accepted a mail but before it was marked SENT, the redelivery sends it again with the
 * same Message-ID, which mail clients use to show it once.
 */
@ApplicationScoped
public class ConfirmationService {

    private final AppointmentRepository appointments;
    private final AppointmentMessages messages;
    private final Dispatcher dispatcher;

    public ConfirmationService(AppointmentRepository appointments, AppointmentMessages messages, Dispatcher dispatcher) {
        this.appointments = appointments;
        this.messages = messages;
        this.dispatcher = dispatcher;
    }

    /** @return the decisions given up on, with the reason */
    public Uni<Map<ConsumedEvent, String>> confirm(List<Sourced<BookingDecided>> decisions) {
        Map<ConsumedEvent, String> failed = new LinkedHashMap<>();
        List<Sourced<BookingDecided>> confirmed = new ArrayList<>();
        for (Sourced<BookingDecided> decision : decisions) {
            BookingDecided event = decision.event();
            if (!event.confirmed()) {
                continue;
            }
            if (event.requestId() == null || event.bookingCode() == null || event.slotId() == null) {
                failed.put(decision.source(), "confirmed decision without request, booking code or slot");
            } else {
                confirmed.add(decision);
            }
        }
        if (confirmed.isEmpty()) {
            return Uni.createFrom().item(failed);
        }
        List<AppointmentRepository.Wanted> wanted = confirmed.stream()
                .map(d -> new AppointmentRepository.Wanted(d.event().requestId(), d.event().slotId())).toList();
        return appointments.load(wanted).chain(found -> {
            List<Delivery> deliveries = new ArrayList<>();
            for (Sourced<BookingDecided> decision : confirmed) {
                Appointment appointment = found.get(decision.event().requestId());
                if (appointment == null) {
                    failed.put(decision.source(), "no booking for the confirmed request");
                } else {
                    deliveries.addAll(messages.deliveries(AppointmentMessage.CONFIRMATION, appointment, decision.source()));
                }
            }
            return dispatcher.dispatch(deliveries);
        }).map(failures -> {
            failures.forEach(f -> failed.putIfAbsent(f.delivery().source(), f.reason()));
            return failed;
        });
    }
}
