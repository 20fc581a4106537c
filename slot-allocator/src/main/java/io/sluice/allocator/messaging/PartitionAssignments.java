package io.sluice.allocator.messaging;

import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;
import io.sluice.allocator.AllocatorConfig;
import io.sluice.allocator.claim.ClaimRepository;
import io.sluice.allocator.pool.PoolRegistry;
import io.sluice.events.Topics;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

/**
 * Resumes each newly owned partition exactly where the last committed batch ended (offsets live in
 * PostgreSQL with the decisions, not in Kafka), and forgets the pools of partitions taken away.
 * Runs on the Kafka polling thread, where waiting for the database is allowed.
 */
@ApplicationScoped
@Identifier("allocator-partitions")
public class PartitionAssignments implements KafkaConsumerRebalanceListener {

    private static final Logger LOG = Logger.getLogger(PartitionAssignments.class);

    private final ClaimRepository repository;
    private final PartitionCursors cursors;
    private final PoolRegistry pools;
    private final AllocatorConfig config;
    private final BookingRequestConsumer requests;

    public PartitionAssignments(ClaimRepository repository, PartitionCursors cursors, PoolRegistry pools,
            AllocatorConfig config, BookingRequestConsumer requests) {
        this.requests = requests;
        this.repository = repository;
        this.cursors = cursors;
        this.pools = pools;
        this.config = config;
    }

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        if (partitions.isEmpty()) {
            return;
        }
        Map<Integer, Long> stored = repository.storedOffsets(config.consumerGroup(), Topics.BOOKING_REQUESTS,
                partitions.stream().map(TopicPartition::partition).toList()).await().atMost(Duration.ofSeconds(30));
        for (TopicPartition partition : partitions) {
            Long next = stored.get(partition.partition());
            pools.forgetPartition(partition.partition());
            cursors.assigned(partition.partition(), next);
            if (next != null) {
                consumer.seek(partition, next);
            }
        }
        LOG.infof("assigned partitions %s, resuming at %s", partitions, stored);
    }

    @Override
    public void onPartitionsRevoked(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        requests.forgetWaiting(partitions.stream().map(TopicPartition::partition).toList());
        for (TopicPartition partition : partitions) {
            cursors.revoked(partition.partition());
            pools.forgetPartition(partition.partition());
        }
        LOG.infof("revoked partitions %s", partitions);
    }

    @Override
    public void onPartitionsLost(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        onPartitionsRevoked(consumer, partitions);
    }
}
