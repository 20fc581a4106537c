package io.sluice.allocator;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

@ConfigMapping(prefix = "sluice.allocator")
public interface AllocatorConfig {

    /** The Kafka consumer group; also the key of the offsets stored with the decisions. */
    @WithDefault("slot-allocator")
    String consumerGroup();

    /** A decision committed but not acknowledged by Kafka this long is published again. */
    @WithDefault("2s")
    Duration republishAfter();

    /** How often the latest availability per pool is published; bounds how old booking-api's picture is. */
    @WithDefault("500ms")
    Duration availabilityEvery();

    /** Pause after a failed batch (database down) before the same records are tried again. */
    @WithDefault("1s")
    Duration retryBackoff();

    /**
     * How many transactions decide one poll side by side, each for a share of its partitions on a
     * connection of its own. More lanes let the database work on several cores; one is the strict
     * one-transaction-per-poll of before.
     */
    @WithDefault("2")
    int commitLanes();

    /**
     * Whether the next poll is decided while this one commits: its reads and in-memory decisions overlap
     * the database's writes of this one. Off, each poll is decided and committed before the next is read.
     */
    @WithDefault("true")
    boolean decideWhileCommitting();

    /**
     * At most this many requests are decided in one batch. Polls that arrive while a batch is on its way are
     * decided together in the next one, up to this; beyond it, reading waits.
     */
    @WithDefault("5000")
    int batchLimit();

    /** How often this instance publishes its figures (lag, decision latency) for the staff dashboards. */
    @WithDefault("1s")
    Duration statsEvery();
}
