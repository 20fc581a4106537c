package io.sluice.notifier.booking;

import io.sluice.events.BookingCancelled;
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

/** Tells the citizen their booking is cancelled, once, with a calendar file that removes the entry. */
@ApplicationScoped
public class CancellationService {

    private final AppointmentRepository appointments;
    private final AppointmentMessages messages;
    private final Dispatcher dispatcher;

    public CancellationService(AppointmentRepository appointments, AppointmentMessages messages, Dispatcher dispatcher) {
        this.appointments = appointments;
        this.messages = messages;
        this.dispatcher = dispatcher;
    }

    /** @return the cancellations given up on, with the reason */
    public Uni<Map<ConsumedEvent, String>> notifyCancelled(List<Sourced<BookingCancelled>> cancellations) {
        Map<ConsumedEvent, String> failed = new LinkedHashMap<>();
        List<Sourced<BookingCancelled>> valid = new ArrayList<>();
        for (Sourced<BookingCancelled> cancellation : cancellations) {
            if (cancellation.event().requestId() == null || cancellation.event().bookingCode() == null) {
                failed.put(cancellation.source(), "cancellation without request or booking code");
            } else {
                valid.add(cancellation);
            }
        }
        if (valid.isEmpty()) {
            return Uni.createFrom().item(failed);
        }
        List<AppointmentRepository.Wanted> wanted = valid.stream()
                .map(c -> new AppointmentRepository.Wanted(c.event().requestId(), c.event().slotId())).toList();
        return appointments.load(wanted).chain(found -> {
            List<Delivery> deliveries = new ArrayList<>();
            for (Sourced<BookingCancelled> cancellation : valid) {
                Appointment appointment = found.get(cancellation.event().requestId());
                if (appointment == null) {
                    failed.put(cancellation.source(), "no booking for the cancelled request");
                } else {
                    deliveries.addAll(messages.deliveries(AppointmentMessage.CANCELLATION, appointment,
                            cancellation.source()));
                }
            }
            return dispatcher.dispatch(deliveries);
        }).map(failures -> {
            failures.forEach(f -> failed.putIfAbsent(f.delivery().source(), f.reason()));
            return failed;
        });
    }
}
