package io.sluice.booking.waitingroom.service;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.sluice.booking.waitingroom.WaitingRoomConfig;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;

/**
 * Token buckets per client address, in memory: a refusal costs nothing and needs no shared state.
 * Several instances each allow the rate, which is fine for abuse control. Addresses behind one NAT
 * share a bucket, so the limits are generous; the proof of work is what makes mass joins expensive.
 */
@ApplicationScoped
public class RateLimiter {

    public enum Kind {
        JOIN,
        STATUS,
        /** Booking requests and the booking links (view, cancel, personal data). */
        BOOKING
    }

    private final Cache<String, Bucket> buckets;
    private final WaitingRoomConfig config;

    public RateLimiter(WaitingRoomConfig config) {
        this.config = config;
        this.buckets = Caffeine.newBuilder()
                .maximumSize(config.rateLimitAddresses())
                .expireAfterAccess(Duration.ofMinutes(10))
                .build();
    }

    /** Zero when the request may go ahead, else the seconds after which a retry will be allowed. */
    public long secondsToWait(Kind kind, String address) {
        Bucket bucket = buckets.get(kind.name() + " " + address, key -> switch (kind) {
            case JOIN -> new Bucket(config.joinBurst(), config.joinsPerMinute() / 60.0);
            case STATUS -> new Bucket(config.statusBurst(), config.statusPerSecond());
            case BOOKING -> new Bucket(config.bookingBurst(), config.bookingsPerMinute() / 60.0);
        });
        return bucket.take(System.nanoTime());
    }

    /** Refuses the request with 429 when its client address is over the limit of this kind. */
    public void check(Kind kind, HttpServerRequest http) {
        String address = http.remoteAddress() == null ? "unknown" : http.remoteAddress().hostAddress();
        long wait = secondsToWait(kind, address);
        if (wait > 0) {
            throw new RateLimitedException(wait);
        }
    }

    private static final class Bucket {
        private final double capacity;
        private final double perSecond;
        private double tokens;
        private long updatedNanos;

        Bucket(double capacity, double perSecond) {
            this.capacity = capacity;
            this.perSecond = perSecond;
            this.tokens = capacity;
            this.updatedNanos = System.nanoTime();
        }

        synchronized long take(long nowNanos) {
            tokens = Math.min(capacity, tokens + (nowNanos - updatedNanos) / 1e9 * perSecond);
            updatedNanos = nowNanos;
            if (tokens >= 1) {
                tokens -= 1;
                return 0;
            }
            return perSecond <= 0 ? 60 : (long) Math.ceil((1 - tokens) / perSecond);
        }
    }
}
