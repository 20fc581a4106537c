package io.sluice.allocator.claim;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Splits a poll's partitions into lanes of about equal work: the partition with the most records goes
 * to the lane with the fewest so far. A partition is never split, so its records stay in offset order
 * in one transaction.
 */
final class CommitLanes {

    private CommitLanes() {
    }

    static <R> List<Map<Integer, List<R>>> split(Map<Integer, List<R>> byPartition, int lanes) {
        int count = Math.max(1, Math.min(lanes, byPartition.size()));
        List<Map<Integer, List<R>>> split = new ArrayList<>(count);
        int[] load = new int[count];
        for (int i = 0; i < count; i++) {
            split.add(new LinkedHashMap<>());
        }
        byPartition.entrySet().stream()
                .sorted(Comparator.comparingInt((Map.Entry<Integer, List<R>> e) -> e.getValue().size()).reversed())
                .forEachOrdered(partition -> {
                    int lightest = 0;
                    for (int i = 1; i < count; i++) {
                        if (load[i] < load[lightest]) {
                            lightest = i;
                        }
                    }
                    split.get(lightest).put(partition.getKey(), partition.getValue());
                    load[lightest] += partition.getValue().size();
                });
        return split;
    }
}
