package io.sluice.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.events.BookingDecided;
import io.sluice.events.BookingRequested;
import io.sluice.events.Topics;
import io.sluice.events.serde.BookingDecidedDeserializer;
import io.sluice.infra.SluiceStack;
import io.sluice.infra.load.BookingLoad;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The allocator killed with SIGKILL in the middle of a storm and started again: whatever batch it
 * was in the middle of is replayed from the offsets stored with the decisions, and nothing is
 * decided twice or lost.
 */
class AllocatorCrashIT {

    private static SluiceStack stack;
    private static BookingLoad load;

    @BeforeAll
    static void startSluice() {
        Path root = Path.of(System.getProperty("sluice.projectRoot", "..")).toAbsolutePath().normalize();
        stack = new SluiceStack(root, root.resolve("system-tests/target/crash-stack"))
                .withKafkaPartitions(4)
                .start();
        var database = stack.infrastructure().database();
        load = new BookingLoad(database.jdbcUrl(), database.username(), database.password(),
                stack.infrastructure().kafka().bootstrapServers());
    }

    @AfterAll
    static void stopSluice() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void aStormSurvivesTheAllocatorBeingKilledMidBatch() throws Exception {
        BookingLoad.Release release = load.openRelease(4, 250);
        List<BookingRequested> requests = load.acceptRequests(release, 20_000);

        try (KafkaConsumer<String, BookingDecided> decisions = decisionConsumer()) {
            load.publish(requests);
            Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                    .until(() -> load.decided(release) >= 1_000);
            stack.slotAllocator().kill();
            long decidedWhenKilled = load.decided(release);

            stack.slotAllocator().start().awaitReady(Duration.ofSeconds(120));
            Awaitility.await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(500))
                    .until(() -> load.decided(release) == 20_000);

            BookingLoad.Outcome outcome = load.outcome(release);
            assertThat(decidedWhenKilled).as("killed mid-run").isLessThan(20_000);
            assertThat(outcome.bookings()).isEqualTo(1_000);
            assertThat(outcome.distinctSlots()).isEqualTo(1_000);
            assertThat(outcome.distinctPersons()).isEqualTo(1_000);
            assertThat(outcome.confirmed()).isEqualTo(1_000);
            assertThat(outcome.rejected()).isEqualTo(19_000);
            assertThat(outcome.undecided()).isZero();
            assertEveryRequestHasOneDecisionOnKafka(decisions, requests);
        }
    }

    /** Decisions may be published twice after a crash, but never two different ones for a request. */
    private static void assertEveryRequestHasOneDecisionOnKafka(KafkaConsumer<String, BookingDecided> consumer,
            List<BookingRequested> requests) {
        Set<UUID> wanted = new HashSet<>();
        requests.forEach(r -> wanted.add(r.requestId()));
        Map<UUID, BookingDecided> seen = new HashMap<>();
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> {
            consumer.poll(Duration.ofMillis(500)).forEach(record -> {
                BookingDecided decision = record.value();
                if (decision != null && wanted.contains(decision.requestId())) {
                    BookingDecided earlier = seen.putIfAbsent(decision.requestId(), decision);
                    assertThat(earlier == null || sameDecision(earlier, decision))
                            .as("two different decisions for %s", decision.requestId()).isTrue();
                }
            });
            return seen.size() == wanted.size();
        });
    }

    private static boolean sameDecision(BookingDecided a, BookingDecided b) {
        return a.outcome() == b.outcome() && a.reason() == b.reason() && Objects.equals(a.slotId(), b.slotId())
                && Objects.equals(a.bookingCode(), b.bookingCode());
    }

    private static KafkaConsumer<String, BookingDecided> decisionConsumer() {
        var consumer = new KafkaConsumer<>(Map.<String, Object>of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.infrastructure().kafka().bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "crash-it-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000),
                new StringDeserializer(), new BookingDecidedDeserializer());
        consumer.subscribe(List.of(Topics.BOOKING_DECISIONS));
        return consumer;
    }
}
