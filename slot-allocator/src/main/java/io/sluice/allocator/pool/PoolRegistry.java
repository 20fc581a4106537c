package io.sluice.allocator.pool;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The pools this instance currently writes, grouped by the Kafka partition that brought them, so a
 * revoked partition's pools are forgotten at once (the new owner reloads them from PostgreSQL).
 */
@ApplicationScoped
public class PoolRegistry {

    private final Map<String, SlotPool> pools = new ConcurrentHashMap<>();
    private final Map<Integer, Set<String>> keysByPartition = new ConcurrentHashMap<>();

    public SlotPool get(String key) {
        return pools.get(key);
    }

    public void put(int partition, SlotPool pool) {
        pools.put(pool.key(), pool);
        keysByPartition.computeIfAbsent(partition, p -> ConcurrentHashMap.newKeySet()).add(pool.key());
    }

    public void forgetPartition(int partition) {
        Set<String> keys = keysByPartition.remove(partition);
        if (keys != null) {
            keys.forEach(pools::remove);
        }
    }

    public void forgetPartitions(Collection<Integer> partitions) {
        partitions.forEach(this::forgetPartition);
    }

    public void forget(String key) {
        pools.remove(key);
    }
}
