package io.sluice.allocator.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The next offset this instance expects per owned partition: the end of the last poll it decided, which
 * may still be committing. Records are decided strictly in offset order: anything below is a replay,
 * anything above is a gap to be re-read after a seek.
 */
@ApplicationScoped
public class PartitionCursors {

    private static final long UNKNOWN = -1;

    private final Map<Integer, Long> expected = new ConcurrentHashMap<>();

    /** A partition arrived; {@code storedNextOffset} is null when nothing was ever committed for it. */
    public void assigned(int partition, Long storedNextOffset) {
        expected.put(partition, storedNextOffset == null ? UNKNOWN : storedNextOffset);
    }

    public void revoked(int partition) {
        expected.remove(partition);
    }

    /** Empty when the partition is not owned or has no committed offset yet. */
    public OptionalLong expected(int partition) {
        Long next = expected.get(partition);
        return next == null || next == UNKNOWN ? OptionalLong.empty() : OptionalLong.of(next);
    }

    public void advance(int partition, long nextOffset) {
        expected.computeIfPresent(partition, (p, current) -> nextOffset);
    }

    /**
     * A poll that started at {@code offset} was not committed: expect its records again, or those of
     * an earlier poll that failed as well (a poll decided on top of a failed one fails too, after it).
     *
     * @return where to resume reading; empty when the partition is no longer owned
     */
    public OptionalLong rewind(int partition, long offset) {
        Long next = expected.computeIfPresent(partition, (p, current) -> current == UNKNOWN ? UNKNOWN : Math.min(current, offset));
        return next == null ? OptionalLong.empty() : OptionalLong.of(next == UNKNOWN ? offset : next);
    }
}
