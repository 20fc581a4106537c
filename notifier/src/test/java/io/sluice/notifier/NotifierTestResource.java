package io.sluice.notifier;

import io.sluice.events.Topics;
import io.sluice.infra.MailServer;
import io.sluice.infra.SluiceInfraTestResource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;

/**
 * The real PostgreSQL, Kafka and SMTP server of {@link SluiceInfraTestResource}, with the notifier's SMTP
 * traffic passing a switch the tests can turn off, and its SMS going to a recording fake gateway.
 * Every notifier IT uses this one resource, so Quarkus starts once for all of them.
 */
public class NotifierTestResource extends SluiceInfraTestResource {

    static final String HARNESS_URL = "sluice.test.harness-url";
    static final String SMS_PASSWORD = "test-sms-password";

    private static TestHarness harness;

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>(super.start());
        // Published by the allocator, which no notifier test runs: the notifier's consumer must find it.
        infrastructure().kafka().createTopic(Topics.SLOTS_FREED, Integer.getInteger(PARTITIONS_PROPERTY, 1));
        MailServer mail = infrastructure().mail();
        TestHarness started = harness(mail);
        config.put("quarkus.mailer.host", "127.0.0.1");
        config.put("quarkus.mailer.port", Integer.toString(started.smtpPort()));
        config.put("sluice.notifier.sms.url", started.baseUrl() + "/sms");
        config.put("sluice.notifier.sms.username", "sluice");
        config.put("sluice.notifier.sms.password", SMS_PASSWORD);
        config.put(HARNESS_URL, started.baseUrl());
        return config;
    }

    private static synchronized TestHarness harness(MailServer mail) {
        if (harness == null) {
            try {
                harness = new TestHarness(mail.smtpHost(), mail.smtpPort());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start the test harness", e);
            }
        }
        return harness;
    }
}
