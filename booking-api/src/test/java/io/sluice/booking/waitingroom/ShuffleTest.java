package io.sluice.booking.waitingroom;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ShuffleTest {

    private static final Random RANDOM = new Random(20261205);

    @Test
    void everyPreQueueSizeGetsEachPositionExactlyOnce() {
        for (long size : new long[] {1, 2, 3, 4, 5, 7, 16, 17, 100, 257, 1000, 4097}) {
            byte[] seed = seed();
            Set<Long> positions = new HashSet<>();
            for (long lottery = 1; lottery <= size; lottery++) {
                long position = Shuffle.position(seed, size, lottery);
                assertThat(position).isBetween(1L, size);
                positions.add(position);
            }
            assertThat(positions).as("positions for a pre-queue of %d", size).hasSize((int) size);
        }
    }

    /** Over many seeds, the first joiner of a pre-queue of 10 lands on each position equally often (chi-square, 9 df). */
    @Test
    void theFirstJoinerIsEquallyLikelyToLandAnywhere() {
        int size = 10;
        int draws = 20_000;
        int[] counts = new int[size];
        for (int i = 0; i < draws; i++) {
            counts[(int) Shuffle.position(seed(), size, 1) - 1]++;
        }
        double expected = draws / (double) size;
        double chiSquare = 0;
        for (int count : counts) {
            chiSquare += (count - expected) * (count - expected) / expected;
        }
        // The 99.99th percentile of chi-square with 9 degrees of freedom is 33.7.
        assertThat(chiSquare).isLessThan(33.7);
    }

    /** Early and late joiners of a pre-queue are spread alike: arriving early buys no place (rank correlation near 0). */
    @Test
    void joinOrderDoesNotPredictPosition() {
        int size = 500;
        int seeds = 200;
        double sum = 0;
        for (int i = 0; i < seeds; i++) {
            byte[] seed = seed();
            double[] order = new double[size];
            double[] position = new double[size];
            for (int lottery = 1; lottery <= size; lottery++) {
                order[lottery - 1] = lottery;
                position[lottery - 1] = Shuffle.position(seed, size, lottery);
            }
            sum += pearson(order, position);
        }
        // Each correlation has a standard deviation of about 1/sqrt(size); their mean over 200 seeds 1/sqrt(100,000).
        assertThat(Math.abs(sum / seeds)).isLessThan(4 / Math.sqrt((double) size * seeds));
    }

    @Test
    void theSameSeedGivesTheSamePositionsSoAnyoneCanCheckThem() {
        byte[] seed = new byte[32];
        new SecureRandom().nextBytes(seed);
        for (long lottery = 1; lottery <= 50; lottery++) {
            assertThat(Shuffle.position(seed.clone(), 50, lottery)).isEqualTo(Shuffle.position(seed, 50, lottery));
        }
    }

    static double pearson(double[] x, double[] y) {
        double mx = 0;
        double my = 0;
        for (int i = 0; i < x.length; i++) {
            mx += x[i];
            my += y[i];
        }
        mx /= x.length;
        my /= y.length;
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

    private static byte[] seed() {
        byte[] seed = new byte[32];
        RANDOM.nextBytes(seed);
        return seed;
    }
}
