package io.sluice.allocator.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The next offset this instance expects per owned partition. Records are decided strictly in offset
 * order: anything below is a replay, anything above is a gap to be re-read after a seek.
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
        expected.put(partition, nextOffset);
    }
}
