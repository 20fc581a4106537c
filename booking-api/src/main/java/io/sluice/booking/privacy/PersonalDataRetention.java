package io.sluice.booking.privacy;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Erases personal data past its retention, in batches, until nothing is left to erase. */
@ApplicationScoped
public class PersonalDataRetention {

    private final PersonalDataService personalData;
    private final PrivacyConfig config;

    public PersonalDataRetention(PersonalDataService personalData, PrivacyConfig config) {
        this.personalData = personalData;
        this.config = config;
    }

    @Scheduled(identity = "personal-data-retention", every = "${sluice.privacy.check-every:1h}", delayed = "2m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> run() {
        return personalData.eraseExpired()
                .chain(erased -> erased < config.eraseBatchSize() ? Uni.createFrom().voidItem() : run());
    }
}
