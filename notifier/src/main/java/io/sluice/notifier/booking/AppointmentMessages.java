package io.sluice.notifier.booking;

import io.quarkus.mailer.Mail;
import io.quarkus.qute.Engine;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import io.sluice.events.CancelLink;
import io.sluice.notifier.NotifierConfig;
import io.sluice.notifier.delivery.ConsumedEvent;
import io.sluice.notifier.delivery.Delivery;
import io.sluice.notifier.mail.InMemoryAttachment;
import io.sluice.notifier.mail.Sender;
import io.sluice.notifier.sms.SmsClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns an appointment into the messages about it: an e-mail in the citizen's language (plain text and
 * HTML from the Qute templates under {@code templates/mail}, with an {@code .ics} attachment) and, when
 * the citizen gave a phone number and a gateway is configured, an SMS ({@code templates/sms}).
 */
@ApplicationScoped
public class AppointmentMessages {

    private final Engine templates;
    private final SmsClient sms;
    private final NotifierConfig config;
    private final Sender sender;
    private final AppointmentCalendar calendar;
    private final Map<String, Template> byName = new ConcurrentHashMap<>();

    public AppointmentMessages(Engine templates, SmsClient sms, NotifierConfig config, Sender sender) {
        this.templates = templates;
        this.sms = sms;
        this.config = config;
        this.sender = sender;
        this.calendar = new AppointmentCalendar(sender.address());
    }

    /** The e-mail and, if possible, the SMS about {@code appointment}; nothing is sent before the claim. */
    public List<Delivery> deliveries(AppointmentMessage message, Appointment appointment, ConsumedEvent source) {
        List<Delivery> deliveries = new ArrayList<>(2);
        String code = appointment.bookingCode();
        String messageId = messageId(message, code);
        deliveries.add(Delivery.email(message.mailKey(code), appointment.requestId(), message.name(), messageId, source,
                () -> mail(message, appointment, messageId)));
        if (appointment.phone() != null && sms.enabled()) {
            deliveries.add(Delivery.sms(message.smsKey(code), appointment.requestId(), message.name() + "_SMS",
                    messageId, source, () -> sms.send(appointment.phone(), smsText(message, appointment))));
        }
        return deliveries;
    }

    Mail mail(AppointmentMessage message, Appointment appointment, String messageId) {
        String cancelUrl = CancelLink.url(config.publicBaseUrl().toString(), appointment.bookingCode(),
                config.cancelLinkSecret());
        Template text = template("mail/" + message.template(), appointment, "txt");
        Template html = template("mail/" + message.template(), appointment, "html");
        String summary = fragment(text, "summary", appointment, cancelUrl);
        String description = fragment(text, "description", appointment, cancelUrl);
        byte[] ics = message == AppointmentMessage.CANCELLATION
                ? calendar.cancel(appointment, summary, description)
                : calendar.publish(appointment, summary, description);
        String method = message == AppointmentMessage.CANCELLATION ? "CANCEL" : "PUBLISH";
        Mail result = new Mail()
                .addTo(appointment.email())
                .setSubject(fragment(text, "subject", appointment, cancelUrl))
                .setText(render(text.instance(), appointment, cancelUrl))
                .setHtml(render(html.instance(), appointment, cancelUrl))
                .setAttachments(new ArrayList<>(List.of(new InMemoryAttachment(
                        appointment.german() ? "termin.ics" : "appointment.ics", ics,
                        "text/calendar; charset=UTF-8; method=" + method))))
                .addHeader("Message-ID", messageId);
        if (message != AppointmentMessage.CONFIRMATION) {
            // Threads reminder and cancellation under the confirmation in the reader's mailbox.
            String confirmation = messageId(AppointmentMessage.CONFIRMATION, appointment.bookingCode());
            result.addHeader("In-Reply-To", confirmation).addHeader("References", confirmation);
        }
        return sender.from(result);
    }

    String smsText(AppointmentMessage message, Appointment appointment) {
        return template("sms/" + message.template(), appointment, "txt").data("a", appointment).render().strip();
    }

    private String messageId(AppointmentMessage message, String bookingCode) {
        return "<" + message.name().toLowerCase(Locale.ROOT) + "." + bookingCode + "@" + config.messageIdDomain() + ">";
    }

    private Template template(String base, Appointment appointment, String suffix) {
        String name = base + "_" + (appointment.german() ? "de" : "en") + "." + suffix;
        return byName.computeIfAbsent(name, n -> {
            Template template = templates.getTemplate(n);
            if (template == null) {
                throw new IllegalStateException("no template " + n);
            }
            return template;
        });
    }

    private static String fragment(Template template, String id, Appointment appointment, String cancelUrl) {
        return render(template.getFragment(id).instance(), appointment, cancelUrl);
    }

    private static String render(TemplateInstance instance, Appointment appointment, String cancelUrl) {
        // Parameter declarations and hidden fragments leave blank lines at the top.
        return instance.data("a", appointment).data("cancelUrl", cancelUrl).render().strip();
    }
}
