package io.sluice.allocator.claim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class CommitLanesTest {

    @Test
    void everyPartitionGoesWholeAndInOrderIntoExactlyOneLane() {
        Map<Integer, List<Integer>> poll = new LinkedHashMap<>();
        poll.put(0, offsets(3_000));
        poll.put(3, offsets(1_500));
        poll.put(5, offsets(500));

        List<Map<Integer, List<Integer>>> lanes = CommitLanes.split(poll, 2);

        assertThat(lanes).hasSize(2);
        assertThat(lanes.stream().flatMap(lane -> lane.keySet().stream())).containsExactlyInAnyOrder(0, 3, 5);
        lanes.forEach(lane -> lane.forEach((partition, records) -> assertThat(records).isSameAs(poll.get(partition))));
    }

    @Test
    void theBiggestPartitionGetsALaneOfItsOwnSoTheLanesFinishAboutTogether() {
        Map<Integer, List<Integer>> poll = new LinkedHashMap<>();
        poll.put(1, offsets(1_000));
        poll.put(2, offsets(4_000));
        poll.put(7, offsets(1_000));
        poll.put(4, offsets(1_500));

        List<Map<Integer, List<Integer>>> lanes = CommitLanes.split(poll, 2);

        assertThat(lanes).extracting(Map::keySet).anySatisfy(lane -> assertThat(lane).containsExactly(2));
        assertThat(lanes).extracting(Map::keySet).anySatisfy(lane -> assertThat(lane).containsExactlyInAnyOrder(1, 7, 4));
    }

    @Test
    void neverMoreLanesThanPartitionsAndOneLaneKeepsThePollWhole() {
        Map<Integer, List<Integer>> poll = Map.of(6, offsets(10));

        assertThat(CommitLanes.split(poll, 4)).containsExactly(Map.of(6, poll.get(6)));
        assertThat(CommitLanes.split(Map.of(1, offsets(2), 2, offsets(3)), 1)).hasSize(1);
    }

    private static List<Integer> offsets(int count) {
        return IntStream.range(0, count).boxed().toList();
    }
}
