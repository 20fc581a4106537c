package io.sluice.allocator.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PartitionCursorsTest {

    private final PartitionCursors cursors = new PartitionCursors();

    @Test
    void whenTwoPollsOnTheirWayBothFailReadingResumesWhereTheFirstStarted() {
        cursors.assigned(3, 0L);
        cursors.advance(3, 5_000);   // poll 1 decided 0..4999, committing
        cursors.advance(3, 10_000);  // poll 2 decided 5000..9999 on top of it

        assertThat(cursors.rewind(3, 0)).hasValue(0);
        // Poll 2 fails after poll 1 (it waits for it): its own start must not move the reading forward.
        assertThat(cursors.rewind(3, 5_000)).hasValue(0);
        assertThat(cursors.expected(3)).hasValue(0);
    }

    @Test
    void aPartitionTakenAwayIsNeitherMovedNorReadAgainHere() {
        cursors.assigned(1, 700L);
        cursors.revoked(1);

        cursors.advance(1, 900);

        assertThat(cursors.expected(1)).isEmpty();
        assertThat(cursors.rewind(1, 700)).isEmpty();
    }

    @Test
    void aPartitionNeverCommittedResumesAtTheFailedPollsStartAndStaysUnknown() {
        cursors.assigned(2, null);

        assertThat(cursors.rewind(2, 0)).hasValue(0);
        assertThat(cursors.expected(2)).isEmpty();
    }
}
