package io.sluice.notifier;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/** The notifier's settings; secrets come from the environment, never from the repository. */
@ConfigMapping(prefix = "sluice.notifier")
public interface NotifierConfig {

    /**
     * Key of the cancel links in confirmations ({@code SLUICE_CANCEL_LINK_SECRET}); booking-api verifies
     * them with the same key.
     */
    String cancelLinkSecret();

    /** Key of the confirm and unsubscribe links of district subscriptions; defaults to the cancel link key. */
    String subscriptionLinkSecret();

    /**
     * Where citizens reach Sluice: booking-api's public address, which serves {@code /cancel/...}; the
     * ingress routes {@code /api/subscriptions} on the same address to the notifier.
     */
    @WithDefault("http://localhost:8080")
    URI publicBaseUrl();

    /** Right-hand side of every Message-ID, so mail clients recognise a resent message as the same one. */
    @WithDefault("sluice.invalid")
    String messageIdDomain();

    /** Messages of one batch in flight at once; the SMTP pool size bounds the connections. */
    @WithDefault("32")
    int concurrency();

    /** Mails per second handed to the relay at most, so a provider's relay is not flooded. 0: unlimited. */
    @WithDefault("1000")
    double mailRate();

    /**
     * For the crash test only: every message the relay accepted is held this long before it is recorded
     * SENT, so that the test can kill the process inside that window. Unset in every real deployment.
     */
    Optional<Duration> holdBeforeRecord();

    /** How long an infrastructure failure (database, broker) is retried before the consumer gives up. */
    @WithDefault("20")
    int infrastructureRetries();

    /** How often this instance publishes its backlog and message counts for the staff dashboards. */
    @WithDefault("1s")
    Duration statsEvery();

    Sms sms();

    Reminder reminder();

    Subscription subscription();

    Waitlist waitlist();

    interface Sms {

        /** The gateway's endpoint; without it no SMS is sent. */
        Optional<URI> url();

        /** HTTP basic credentials for the gateway, if it uses them. */
        Optional<String> username();

        Optional<String> password();

        /** A bearer token for the gateway, if it uses one instead of basic credentials. */
        Optional<String> token();

        /** The sender name or number shown on the phone. */
        @WithDefault("Sluice")
        String sender();

        /** SMS per second at most; gateways bill and throttle per second. 0: unlimited. */
        @WithDefault("20")
        double rate();
    }

    interface Reminder {

        /** How often due reminders are looked for; {@code off} disables reminders. */
        @WithDefault("5m")
        String every();

        /** Appointments starting within this time get their reminder. */
        @WithDefault("24h")
        Duration ahead();

        /** Bookings made less than this before the appointment get no reminder: the confirmation is fresh. */
        @WithDefault("24h")
        Duration bookedAtLeast();

        /** A reminder claimed by an instance that then died is taken over after this time. */
        @WithDefault("10m")
        Duration lease();

        /** Reminders attempted at most this often before they are given up. */
        @WithDefault("5")
        int maxAttempts();

        /** Reminders handled per run. */
        @WithDefault("1000")
        int batchSize();
    }

    interface Subscription {

        /** A confirmation mail is sent again for the same address and district only after this time. */
        @WithDefault("10m")
        Duration resendAfter();

        /** Subscriptions never confirmed are deleted after this time. */
        @WithDefault("7d")
        Duration pendingRetention();
    }

    interface Waitlist {

        /**
         * How often new waitlist sign-ups (written by booking-api, no event) are looked for to mail their
         * confirmation link: the longest a citizen waits for it beyond the send itself. {@code off} disables it.
         */
        @WithDefault("5s")
        String every();

        /** A confirmation mail claimed by an instance that then died is taken over after this time. */
        @WithDefault("2m")
        Duration lease();

        /** Confirmation mails attempted at most this often before they are given up. */
        @WithDefault("5")
        int maxAttempts();

        /** Confirmation mails handled per run. */
        @WithDefault("500")
        int batchSize();

        /** Confirmed entries told about each freed slot, first confirmed first; the first to come books it. */
        @WithDefault("10")
        int offersPerSlot();

        /**
         * An entry offered a slot is passed over by later offers for this long, so that a run of cancellations
         * does not flood it and the next entries get their turn.
         */
        @WithDefault("30m")
        Duration offerInterval();
    }
}
