package io.sluice.allocator;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.sluice.events.BookingRequested;
import io.sluice.events.RequestKind;
import io.sluice.events.ServiceStats;
import io.sluice.events.Topics;
import io.sluice.events.serde.JsonEventSerializer;
import io.sluice.events.serde.ServiceStatsDeserializer;
import io.sluice.infra.SluiceInfraTestResource;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** The allocator tells the dashboards, and Prometheus, how far behind it is and how fast it decides. */
@QuarkusTest
@QuarkusTestResource(SluiceInfraTestResource.class)
class AllocatorStatsIT {

    @Inject
    Pool db;

    @Test
    void decisionsShowUpAsLatencyAndTheLagFallsToZero() {
        Fixtures fixtures = new Fixtures(db);
        Fixtures.PoolRef pool = fixtures.openPoolWithSlots(3);
        List<BookingRequested> requests = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            requests.add(fixtures.acceptedRequest(pool, RequestKind.EARLIEST_IN_POOL, null));
        }
        String bootstrap = SluiceInfraTestResource.infrastructure().kafka().bootstrapServers();

        try (var stats = new KafkaConsumer<>(Map.<String, Object>of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "stats-it-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest"),
                new StringDeserializer(), new ServiceStatsDeserializer());
             var producer = new KafkaProducer<>(Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
                     new StringSerializer(), new JsonEventSerializer<BookingRequested>())) {
            stats.subscribe(List.of(Topics.SERVICE_STATS));
            requests.forEach(r -> producer.send(new ProducerRecord<>(Topics.BOOKING_REQUESTS, r.poolKey(), r)));
            producer.flush();

            List<ServiceStats> seen = new ArrayList<>();
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
                stats.poll(Duration.ofMillis(200)).forEach(r -> seen.add(r.value()));
                return seen.stream().map(ServiceStats::allocator).anyMatch(a -> a != null && a.decisions() >= 5
                        && a.latencyP99Ms() != null && a.latencyP99Ms() > 0
                        && !a.partitionLag().isEmpty() && a.partitionLag().values().stream().allMatch(lag -> lag == 0));
            });
            assertThat(seen).allMatch(s -> s.service().equals(ServiceStats.SLOT_ALLOCATOR) && s.notifier() == null);
        }

        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics)
                .contains("sluice_allocator_decision_latency_seconds_bucket")
                .contains("sluice_allocator_decision_latency_seconds{quantile=\"0.99\"")
                .containsPattern("sluice_allocator_decisions_total\\{.*outcome=\"rejected\",reason=\"sold_out\"")
                .containsPattern("sluice_allocator_partition_lag\\{.*partition=\"0\"");
    }
}
