package io.sluice.allocator.pool;

import io.sluice.events.RejectionReason;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The slots of one pool (site and day) held by the pool's single writer. Every claim is decided here,
 * in request order, without touching the database; the batch commit makes the claims durable.
 *
 * <p>Per release the slots sit in primitive arrays sorted by start time with a bit per free slot:
 * about 28 bytes a slot, and the earliest free slot is the next set bit. Not thread-safe: exactly
 * one batch works on a pool at a time.
 */
public final class SlotPool {

    private final String key;
    private final Map<Long, ReleaseSlots> releases;
    private final Map<Long, Integer> slotsVersions;

    private SlotPool(String key, Map<Long, ReleaseSlots> releases, Map<Long, Integer> slotsVersions) {
        this.key = key;
        this.releases = releases;
        this.slotsVersions = slotsVersions;
    }

    public static Builder builder(String key) {
        return new Builder(key);
    }

    public String key() {
        return key;
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

    /** Claims the named slot of the release for the person, if it is still free. */
    public Claim claim(long releaseId, long slotId, String personKey) {
        ReleaseSlots slots = releases.get(releaseId);
        int index = slots == null ? -1 : slots.indexOf(slotId);
        if (index < 0) {
            return Claim.refused(RejectionReason.INVALID_SLOT);
        }
        if (!slots.free.get(index)) {
            return Claim.refused(RejectionReason.SLOT_TAKEN);
        }
        return Claim.of(slots.take(releaseId, index, personKey));
    }

    /** Claims the earliest free slot of the release in this pool for the person. */
    public Claim claimEarliest(long releaseId, String personKey) {
        ReleaseSlots slots = releases.get(releaseId);
        int index = slots == null ? -1 : slots.free.nextSetBit(slots.firstMaybeFree);
        if (index < 0) {
            return Claim.refused(RejectionReason.SOLD_OUT);
        }
        slots.firstMaybeFree = index;
        return Claim.of(slots.take(releaseId, index, personKey));
    }

    /**
     * Gives a booked slot back (a cancellation): free again, and the earliest-first order still holds.
     * Only its holder can give it back; for slots booked before this pool was loaded the holder is not
     * in memory, and the database's check of the person decides.
     */
    public Claim free(long releaseId, long slotId, String personKey) {
        ReleaseSlots slots = releases.get(releaseId);
        int index = slots == null ? -1 : slots.indexOf(slotId);
        if (index < 0 || slots.free.get(index)) {
            return Claim.refused(RejectionReason.INVALID_SLOT);
        }
        String holder = slots.holders.get(index);
        if (holder != null && !holder.equals(personKey)) {
            return Claim.refused(RejectionReason.INVALID_SLOT);
        }
        slots.holders.remove(index);
        slots.free.set(index);
        slots.freeCount++;
        slots.firstMaybeFree = Math.min(slots.firstMaybeFree, index);
        return Claim.of(new PoolSlot(slotId, releaseId, Instant.ofEpochSecond(slots.starts[index])));
    }

    public int freeCount(long releaseId) {
        ReleaseSlots slots = releases.get(releaseId);
        return slots == null ? 0 : slots.freeCount;
    }

    /** The starts of the earliest {@code limit} free slots of the release. */
    public List<Instant> nextFree(long releaseId, int limit) {
        ReleaseSlots slots = releases.get(releaseId);
        List<Instant> next = new ArrayList<>(limit);
        if (slots != null) {
            for (int i = slots.free.nextSetBit(slots.firstMaybeFree); i >= 0 && next.size() < limit; i = slots.free.nextSetBit(i + 1)) {
                next.add(Instant.ofEpochSecond(slots.starts[i]));
            }
        }
        return next;
    }

    /** The releases that have slots in this pool. */
    public Set<Long> releases() {
        return Set.copyOf(releases.keySet());
    }

    /** True when the release's slots changed after this pool was loaded. */
    public boolean isStaleFor(long releaseId, int currentSlotsVersion) {
        return currentSlotsVersion > slotsVersions.getOrDefault(releaseId, 0);
    }

    /** One release's slots in the pool, earliest first. */
    private static final class ReleaseSlots {

        private final long[] ids;
        private final long[] starts;
        private final BitSet free;
        // Slot ids in ascending order with their index in ids/starts, for claims by id.
        private final long[] sortedIds;
        private final int[] indexOfSorted;
        // Who took each slot since the pool was loaded: a cancellation may only free its own slot.
        private final Map<Integer, String> holders = new HashMap<>();
        private int freeCount;
        private int firstMaybeFree;

        private ReleaseSlots(long[] ids, long[] starts, BitSet free) {
            this.ids = ids;
            this.starts = starts;
            this.free = free;
            this.freeCount = free.cardinality();
            this.indexOfSorted = order(ids, ids);
            this.sortedIds = new long[ids.length];
            for (int i = 0; i < ids.length; i++) {
                sortedIds[i] = ids[indexOfSorted[i]];
            }
        }

        int indexOf(long slotId) {
            int found = Arrays.binarySearch(sortedIds, slotId);
            return found < 0 ? -1 : indexOfSorted[found];
        }

        PoolSlot take(long releaseId, int index, String personKey) {
            free.clear(index);
            holders.put(index, personKey);
            freeCount--;
            return new PoolSlot(ids[index], releaseId, Instant.ofEpochSecond(starts[index]));
        }
    }

    /**
     * The indices of the slots ordered by {@code primary}, ties by {@code secondary}: a merge sort on
     * primitives (no object per slot), with no work when they are in order already, as slots made in
     * time order and read in that order are.
     */
    static int[] order(long[] primary, long[] secondary) {
        int n = primary.length;
        int[] order = new int[n];
        Arrays.setAll(order, i -> i);
        boolean sorted = true;
        for (int i = 1; i < n && sorted; i++) {
            sorted = !before(i, i - 1, primary, secondary);
        }
        if (sorted) {
            return order;
        }
        int[] merged = new int[n];
        for (int width = 1; width < n; width *= 2) {
            for (int low = 0; low < n; low += 2 * width) {
                int middle = Math.min(low + width, n);
                int high = Math.min(low + 2 * width, n);
                int left = low;
                int right = middle;
                int at = low;
                while (left < middle && right < high) {
                    merged[at++] = before(order[right], order[left], primary, secondary) ? order[right++] : order[left++];
                }
                while (left < middle) {
                    merged[at++] = order[left++];
                }
                while (right < high) {
                    merged[at++] = order[right++];
                }
            }
            int[] swap = order;
            order = merged;
            merged = swap;
        }
        return order;
    }

    private static boolean before(int a, int b, long[] primary, long[] secondary) {
        return primary[a] < primary[b] || (primary[a] == primary[b] && secondary[a] < secondary[b]);
    }

    /** Collects a pool's slots as they are read from the database, in any order. */
    public static final class Builder {

        private final String key;
        private final Map<Long, Rows> rows = new HashMap<>();
        private final Map<Long, Integer> slotsVersions = new HashMap<>();

        private Builder(String key) {
            this.key = key;
        }

        /** Adds a slot; {@code free} is false for a booked or blocked slot. */
        public Builder add(long slotId, long releaseId, Instant startsAt, boolean free) {
            rows.computeIfAbsent(releaseId, r -> new Rows()).add(slotId, startsAt.getEpochSecond(), free);
            return this;
        }

        /**
         * Records which version of a release's slot list the pool was loaded from: when the calendar
         * adds slots to the release, its version grows and the pool must be loaded again.
         */
        public Builder loadedAt(long releaseId, int slotsVersion) {
            slotsVersions.merge(releaseId, slotsVersion, Math::max);
            return this;
        }

        public SlotPool build() {
            Map<Long, ReleaseSlots> releases = new HashMap<>();
            rows.forEach((release, added) -> {
                long[] addedIds = Arrays.copyOf(added.ids, added.size);
                long[] addedStarts = Arrays.copyOf(added.starts, added.size);
                int[] order = order(addedStarts, addedIds);
                long[] ids = new long[order.length];
                long[] starts = new long[order.length];
                BitSet free = new BitSet(order.length);
                for (int i = 0; i < order.length; i++) {
                    ids[i] = addedIds[order[i]];
                    starts[i] = addedStarts[order[i]];
                    free.set(i, added.free.get(order[i]));
                }
                releases.put(release, new ReleaseSlots(ids, starts, free));
            });
            return new SlotPool(key, releases, new HashMap<>(slotsVersions));
        }
    }

    /** A release's slots in the order they were added, in growing primitive arrays. */
    private static final class Rows {

        private long[] ids = new long[64];
        private long[] starts = new long[64];
        private final BitSet free = new BitSet();
        private int size;

        void add(long id, long startEpochSecond, boolean isFree) {
            if (size == ids.length) {
                ids = Arrays.copyOf(ids, size * 2);
                starts = Arrays.copyOf(starts, size * 2);
            }
            ids[size] = id;
            starts[size] = startEpochSecond;
            free.set(size, isFree);
            size++;
        }
    }
}
