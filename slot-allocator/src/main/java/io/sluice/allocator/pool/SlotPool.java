package io.sluice.allocator.pool;

import io.sluice.events.RejectionReason;
import java.util.Comparator;
import java.util.HashMap;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Set;
import java.util.TreeSet;

/**
 * The slots of one pool (site and day) held by the pool's single writer. Every claim is decided here,
 * in request order, without touching the database; the batch commit makes the claims durable.
 * Not thread-safe: exactly one batch works on a pool at a time.
 */
public final class SlotPool {

    private static final Comparator<PoolSlot> EARLIEST_FIRST =
            Comparator.comparing(PoolSlot::startsAt).thenComparingLong(PoolSlot::id);

    private final String key;
    private final Map<Long, PoolSlot> slots = new HashMap<>();
    private final Set<Long> taken = new HashSet<>();
    private final Map<Long, NavigableSet<PoolSlot>> freeByRelease = new HashMap<>();
    private final Map<Long, Integer> slotsVersions = new HashMap<>();

    public SlotPool(String key) {
        this.key = key;
    }

    public String key() {
        return key;
    }

    /**
     * Records which version of a release's slot list this pool was loaded from: when the calendar
     * adds slots to the release, its version grows and the pool must be loaded again.
     */
    public void loadedAt(long releaseId, int slotsVersion) {
        slotsVersions.merge(releaseId, slotsVersion, Math::max);
    }

    /** True when the release's slots changed after this pool was loaded. */
    public boolean isStaleFor(long releaseId, int currentSlotsVersion) {
        return currentSlotsVersion > slotsVersions.getOrDefault(releaseId, 0);
    }

    /** Adds a slot as loaded from the database; {@code free} is false for a booked or blocked slot. */
    public void add(PoolSlot slot, boolean free) {
        slots.put(slot.id(), slot);
        if (free) {
            freeByRelease.computeIfAbsent(slot.releaseId(), r -> new TreeSet<>(EARLIEST_FIRST)).add(slot);
        } else {
            taken.add(slot.id());
        }
    }

    /** The outcome of one claim: the slot, or why there is none. */
    public record Claim(PoolSlot slot, RejectionReason refusal) {

        static Claim of(PoolSlot slot) {
            return new Claim(slot, null);
        }

        static Claim refused(RejectionReason reason) {
            return new Claim(null, reason);
        }

        public boolean granted() {
            return slot != null;
        }
    }

    /** Claims the named slot of the release, if it is still free. */
    public Claim claim(long releaseId, long slotId) {
        PoolSlot slot = slots.get(slotId);
        if (slot == null || slot.releaseId() != releaseId) {
            return Claim.refused(RejectionReason.INVALID_SLOT);
        }
        if (taken.contains(slotId)) {
            return Claim.refused(RejectionReason.SLOT_TAKEN);
        }
        take(slot);
        return Claim.of(slot);
    }

    /** Claims the earliest free slot of the release in this pool. */
    public Claim claimEarliest(long releaseId) {
        NavigableSet<PoolSlot> free = freeByRelease.get(releaseId);
        if (free == null || free.isEmpty()) {
            return Claim.refused(RejectionReason.SOLD_OUT);
        }
        PoolSlot slot = free.first();
        take(slot);
        return Claim.of(slot);
    }

    /** The releases that have slots in this pool. */
    public Set<Long> releases() {
        return Set.copyOf(slotsVersions.keySet());
    }

    /** The starts of the earliest {@code limit} free slots of the release. */
    public List<Instant> nextFree(long releaseId, int limit) {
        NavigableSet<PoolSlot> free = freeByRelease.get(releaseId);
        return free == null ? List.of() : free.stream().limit(limit).map(PoolSlot::startsAt).toList();
    }

    public int freeCount(long releaseId) {
        NavigableSet<PoolSlot> free = freeByRelease.get(releaseId);
        return free == null ? 0 : free.size();
    }

    private void take(PoolSlot slot) {
        taken.add(slot.id());
        freeByRelease.get(slot.releaseId()).remove(slot);
    }
}
