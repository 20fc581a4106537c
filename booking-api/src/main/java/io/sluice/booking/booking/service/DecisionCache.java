package io.sluice.booking.booking.service;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.sluice.booking.BookingConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

/**
 * Final decisions as they arrive from the allocator. Every booking-api instance reads all decisions,
 * so any instance answers any citizen's poll from memory.
 */
@ApplicationScoped
public class DecisionCache {

    private final Cache<UUID, BookingRequestStatus> decisions;

    public DecisionCache(BookingConfig config) {
        this.decisions = Caffeine.newBuilder()
                .maximumSize(config.decisionCacheSize())
                .expireAfterWrite(Duration.ofHours(2))
                .build();
    }

    public void put(BookingRequestStatus status) {
        decisions.put(status.requestId(), status);
    }

    public Optional<BookingRequestStatus> find(UUID requestId) {
        return Optional.ofNullable(decisions.getIfPresent(requestId));
    }
}
