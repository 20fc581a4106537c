package io.sluice.notifier.waitlist;

import io.quarkus.mailer.Mail;
import io.quarkus.qute.Engine;
import io.quarkus.qute.Template;
import io.sluice.notifier.NotifierConfig;
import io.sluice.notifier.mail.Sender;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * The waitlist's mails in the entry's language (plain text and HTML from {@code templates/mail/waitlist_*}):
 * the confirmation link of the double opt-in, and the offer of a freed slot. Both link into booking-api's
 * waiting-room page ({@code sluice.notifier.public-base-url}), which reads {@code confirm} and {@code release}.
 */
@ApplicationScoped
public class WaitlistMails {

    private final Engine templates;
    private final Sender sender;
    private final String baseUrl;

    public WaitlistMails(Engine templates, Sender sender, NotifierConfig config) {
        this.templates = templates;
        this.sender = sender;
        this.baseUrl = config.publicBaseUrl().toString().replaceAll("/+$", "");
    }

    public String confirmUrl(String confirmToken) {
        return baseUrl + "/waiting-room/?confirm=" + URLEncoder.encode(confirmToken, StandardCharsets.UTF_8);
    }

    public String waitingRoomUrl(long releaseId) {
        return baseUrl + "/waiting-room/?release=" + releaseId;
    }

    public Mail confirmation(WaitlistEntry entry, String releaseName, String messageId) {
        return mail("waitlist_confirmation", entry, new WaitlistMail(releaseName, confirmUrl(entry.confirmToken()), null, null, 0),
                messageId);
    }

    public Mail offer(WaitlistEntry entry, WaitlistMail offer, String messageId) {
        return mail("waitlist_offer", entry, offer, messageId);
    }

    private Mail mail(String template, WaitlistEntry entry, WaitlistMail view, String messageId) {
        String language = entry.german() ? "de" : "en";
        Template text = templates.getTemplate("mail/" + template + "_" + language + ".txt");
        Template html = templates.getTemplate("mail/" + template + "_" + language + ".html");
        return sender.from(new Mail()
                .addTo(entry.email())
                .setSubject(text.getFragment("subject").data("w", view).render().strip())
                .setText(text.data("w", view).render().strip())
                .setHtml(html.data("w", view).render().strip())
                .addHeader("Message-ID", messageId));
    }
}
