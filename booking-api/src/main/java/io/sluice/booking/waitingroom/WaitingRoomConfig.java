package io.sluice.booking.waitingroom;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Settings of the waiting room; operators override rate, difficulty and admission time per release. */
@ConfigMapping(prefix = "sluice.waiting-room")
public interface WaitingRoomConfig {

    /**
     * Key of the HMAC that signs tickets, admissions and challenges (SLUICE_WAITING_ROOM_TICKET_SECRET).
     * Every instance needs the same one. When absent it is derived from sluice.booking.person-key-secret.
     */
    Optional<String> ticketSecret();

    /** How long a ticket is honoured after it was issued: a place in the queue is not kept for ever. */
    @WithDefault("12h")
    Duration ticketTtl();

    /** How long an admitted citizen has to send the booking request before the place goes to the next. */
    @WithDefault("10m")
    Duration admissionTtl();

    /**
     * Whether every release needs an admission to take booking requests. When false, only releases
     * with a pre-queue or an expected demand do (see README, "Which releases use the waiting room").
     */
    @WithDefault("false")
    boolean allReleases();

    /** The operator's ceiling for admissions per second and release, unless the release sets its own. */
    @WithDefault("100")
    int maxAdmissionRate();

    /** Admissions per second while the allocator has not yet shown how fast it decides. */
    @WithDefault("20")
    int startAdmissionRate();

    /** Admissions may run this many times ahead of the allocator's measured decisions per second. */
    @WithDefault("2.0")
    double decisionRateHeadroom();

    /** Admission stops while the oldest undecided request of the release is older than this. */
    @WithDefault("15s")
    Duration maxDecisionLag();

    /** How many admissions may exceed the free slots: some admitted people never book. */
    @WithDefault("10")
    int admissionMargin();

    /** Leading zero bits of SHA-256 a join must show, unless the release sets its own. */
    @WithDefault("16")
    int powDifficulty();

    /** How long a proof-of-work challenge may be solved and used. */
    @WithDefault("2m")
    Duration challengeTtl();

    /** How often every instance reads the waiting rooms (serving positions included) from PostgreSQL. */
    @WithDefault("250ms")
    Duration refreshEvery();

    /** How often the admitting instance moves serving positions. */
    @WithDefault("500ms")
    Duration advanceEvery();

    /** Polling hints: near the front a ticket polls at the minimum, far back at the maximum. */
    @WithDefault("1s")
    Duration minPoll();

    @WithDefault("30s")
    Duration maxPoll();

    /**
     * Joins per client address: burst and sustained rate per minute. Generous, because many citizens
     * may share one address (carrier-grade NAT); the proof of work is what prices mass joins.
     */
    @WithDefault("20")
    int joinBurst();

    @WithDefault("30")
    int joinsPerMinute();

    /** Status checks per client address: burst and sustained rate per second (a citizen asks every 1-30 s). */
    @WithDefault("50")
    int statusBurst();

    @WithDefault("20")
    int statusPerSecond();

    /**
     * Booking requests and booking-link calls per client address: burst and sustained rate per
     * minute. A citizen books once; the bucket is for scripts trying codes or flooding the allocator.
     */
    @WithDefault("20")
    int bookingBurst();

    @WithDefault("60")
    int bookingsPerMinute();

    /** Client addresses whose rate-limit buckets are remembered; more evicts the least recently seen. */
    @WithDefault("200000")
    int rateLimitAddresses();

    /** A snapshot from the allocator is preferred over the database count for this long. */
    @WithDefault("10s")
    Duration snapshotFreshFor();

    /** Unconfirmed waitlist entries are personal data kept for nothing after this. */
    @WithDefault("3d")
    Duration waitlistPendingRetention();
}
