package io.sluice.booking;

import static io.sluice.booking.Api.citizen;
import static io.sluice.booking.Api.createSite;
import static io.sluice.booking.Api.operator;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.sluice.booking.waitingroom.Shuffle;
import io.sluice.infra.SluiceInfraTestResource;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The pre-queue: whoever arrives before opening gets a lottery number in arrival order, and at
 * opening a keyed permutation turns lottery numbers into positions. Arriving early buys nothing, the
 * draw can be recomputed by anyone from the seed revealed after opening, and later arrivals queue
 * behind in arrival order.
 */
@QuarkusTest
@QuarkusTestResource(SluiceInfraTestResource.class)
@QuarkusTestResource(TokenTestResource.class)
class ShuffleFairnessIT {

    private static final int PREQUEUE = 150;

    @Test
    void theOrderAtOpeningDoesNotDependOnWhenSomeoneJoinedThePreQueue() throws Exception {
        String site = createSite();
        int release = operator().body(Map.of("name", "Booster with pre-queue", "district", "Leipzig",
                        "opensAt", Instant.now().plus(Duration.ofHours(1)).toString(), "prequeueMinutes", 120,
                        "slots", List.of(Api.block(site, "08:00", "12:00"))))
                .post("/api/operator/releases").then().statusCode(201).extract().path("id");
        operator().post("/api/operator/releases/" + release + "/announce").then().statusCode(200);
        Map<String, Object> before = citizen().get("/api/releases/" + release + "/waiting-room").then().statusCode(200)
                .body("prequeueMinutes", equalTo(120)).extract().jsonPath().getMap("");
        assertThat(before).containsKey("seedCommitment").doesNotContainKey("shuffleSeed");

        List<Citizen> early = new ArrayList<>();
        for (int i = 0; i < PREQUEUE; i++) {
            Citizen citizen = Citizen.joining(release);
            assertThat(citizen.lastStatus).containsEntry("phase", "PREQUEUE").containsEntry("lotteryNumber", i + 1)
                    .doesNotContainKey("position").containsKey("opensAt");
            early.add(citizen);
        }

        operator().post("/api/operator/releases/" + release + "/open").then().statusCode(200);
        Awaitility.await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(300))
                .until(() -> !"PREQUEUE".equals(early.get(0).phase()));
        long[] positions = early.stream().mapToLong(Citizen::position).toArray();

        assertThat(positions).containsExactlyInAnyOrder(LongStream.rangeClosed(1, PREQUEUE).toArray());
        double[] joinOrder = LongStream.rangeClosed(1, PREQUEUE).asDoubleStream().toArray();
        double rho = pearson(joinOrder, LongStream.of(positions).asDoubleStream().toArray());
        // Independent orders give a rank correlation of 0 with standard deviation 1/sqrt(n-1); 4 of them
        // would be exceeded by chance once in 15,000 runs.
        assertThat(Math.abs(rho)).as("rank correlation of join order and position").isLessThan(4 / Math.sqrt(PREQUEUE - 1));

        Map<String, Object> after = citizen().get("/api/releases/" + release + "/waiting-room").then().statusCode(200)
                .body("prequeueSize", equalTo(PREQUEUE)).extract().jsonPath().getMap("");
        byte[] seed = HexFormat.of().parseHex((String) after.get("shuffleSeed"));
        assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(seed)))
                .as("the seed is the one committed to before opening").isEqualTo(before.get("seedCommitment"));
        for (int i = 0; i < PREQUEUE; i++) {
            assertThat(Shuffle.position(seed, PREQUEUE, i + 1)).as("recomputed position of lottery number %d", i + 1)
                    .isEqualTo(positions[i]);
        }

        List<Long> late = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            late.add(((Number) Citizen.joining(release).lastStatus.get("position")).longValue());
        }
        assertThat(late).as("after opening, first come first served").containsExactly(PREQUEUE + 1L, PREQUEUE + 2L, PREQUEUE + 3L);
    }

    private static double pearson(double[] x, double[] y) {
        double mx = 0;
        double my = 0;
        for (int i = 0; i < x.length; i++) {
            mx += x[i] / x.length;
            my += y[i] / y.length;
        }
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (int i = 0; i < x.length; i++) {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
            syy += (y[i] - my) * (y[i] - my);
        }
        return sxy / Math.sqrt(sxx * syy);
    }
}
