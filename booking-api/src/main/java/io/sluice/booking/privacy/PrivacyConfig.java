package io.sluice.booking.privacy;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "sluice.privacy")
public interface PrivacyConfig {

    /**
     * Days after an appointment (or after the request, when nothing was booked) that a citizen's
     * name, e-mail address and phone number are kept; then they are erased.
     */
    @WithDefault("30")
    int retentionDays();

    /** Rows erased per statement, so one run never holds long locks during a release. */
    @WithDefault("1000")
    int eraseBatchSize();
}
