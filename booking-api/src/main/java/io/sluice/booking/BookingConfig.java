package io.sluice.booking;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.time.Duration;

@ConfigMapping(prefix = "sluice.booking")
public interface BookingConfig {

    /** Key of the HMAC that turns a person's identity into a pseudonymous key; never committed. */
    String personKeySecret();

    /** Key of the HMAC in the cancel links the notifier mails (SLUICE_CANCEL_LINK_SECRET); shared with the notifier. */
    @WithName("cancel-link-secret")
    String cancelLinkSecret();

    /** How long an accepted request may stay unpublished (Kafka was down) before it is sent again. */
    @WithDefault("5s")
    Duration republishAfter();

    /** Decisions kept in memory so that polling citizens never reach the database. */
    @WithDefault("200000")
    long decisionCacheSize();
}
