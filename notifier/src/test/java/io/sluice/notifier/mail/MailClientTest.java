package io.sluice.notifier.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarkus.mailer.Mail;
import io.sluice.notifier.NotifierConfig;
import io.sluice.notifier.delivery.Unavailable;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.mail.MailMessage;
import io.vertx.ext.mail.SMTPException;
import java.nio.charset.StandardCharsets;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The group logic alone; retries and the circuit breaker come from the fault-tolerance interceptor. */
class MailClientTest {

    private final List<String> handedOver = new ArrayList<>();
    private final AtomicBoolean busyOnce = new AtomicBoolean(true);

    /** Says 421 (busy) the first time it sees b@, refuses c@ for good (550), accepts everything else. */
    private final Function<MailMessage, Uni<?>> relay = message -> {
        String to = message.getTo().get(0);
        handedOver.add(to);
        if (to.startsWith("b@") && busyOnce.getAndSet(false)) {
            return Uni.createFrom().failure(new SMTPException("busy", 421, List.of("busy"), false));
        }
        if (to.startsWith("c@")) {
            return Uni.createFrom().failure(new SMTPException("no such user", 550, List.of("no such user"), false));
        }
        return Uni.createFrom().voidItem();
    };

    private final MailClient client = new MailClient(relay, unlimitedRate());

    @Test
    void aRetriedGroupSendsOnlyTheMailsNotYetAcceptedOrRefused() {
        MailGroup group = new MailGroup(List.of(to("a"), to("b"), to("c"), to("d")));

        assertThatThrownBy(() -> client.sendAll(group).await().indefinitely()).isInstanceOf(Unavailable.class);
        assertThat(group.accepted(0)).isTrue();
        assertThat(group.accepted(1)).isFalse();

        client.sendAll(group).await().indefinitely(); // what the retry does

        assertThat(handedOver).containsExactly("a@example.org", "b@example.org", "b@example.org", "c@example.org",
                "d@example.org");
        assertThat(group.accepted(1)).isTrue();
        assertThat(group.accepted(2)).isFalse();
        assertThat(group.refusal(2)).isEqualTo("SMTP 550");
        assertThat(group.accepted(3)).isTrue();
    }

    @Test
    void theSmtpClientGetsTheMailAsQuarkusWouldHandItOverWithTheAttachmentsBytes() {
        byte[] ics = "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n".getBytes(StandardCharsets.UTF_8);
        Mail mail = to("a").setFrom("Sluice <noreply@sluice.invalid>").setHtml("<p>Ihr Termin</p>")
                .addHeader("Message-ID", "<confirmation.K7QX-42@sluice.invalid>")
                .setAttachments(new ArrayList<>(List.of(new InMemoryAttachment("termin.ics", ics, "text/calendar"))));

        MailMessage message = MailClient.message(mail);

        assertThat(message.getFrom()).isEqualTo("Sluice <noreply@sluice.invalid>");
        assertThat(message.getTo()).containsExactly("a@example.org");
        assertThat(message.getSubject()).isEqualTo("Termin");
        assertThat(message.getText()).isEqualTo("Ihr Termin");
        assertThat(message.getHtml()).isEqualTo("<p>Ihr Termin</p>");
        assertThat(message.getHeaders().get("message-id")).isEqualTo("<confirmation.K7QX-42@sluice.invalid>");
        assertThat(message.getAttachment()).singleElement().satisfies(attachment -> {
            assertThat(attachment.getName()).isEqualTo("termin.ics");
            assertThat(attachment.getContentType()).isEqualTo("text/calendar");
            assertThat(attachment.getDisposition()).isEqualTo("attachment");
            assertThat(attachment.getData().getBytes()).isEqualTo(ics);
        });
    }

    private static Mail to(String name) {
        return Mail.withText(name + "@example.org", "Termin", "Ihr Termin");
    }

    private static NotifierConfig unlimitedRate() {
        return (NotifierConfig) Proxy.newProxyInstance(NotifierConfig.class.getClassLoader(),
                new Class<?>[] {NotifierConfig.class}, (proxy, method, args) -> {
                    if (method.getName().equals("mailRate")) {
                        return 0d;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }
}
