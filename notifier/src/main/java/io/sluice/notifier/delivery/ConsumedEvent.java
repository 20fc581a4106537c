package io.sluice.notifier.delivery;

import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;

/**
 * One consumed Kafka record with its coordinates and the exact bytes that arrived, so that a dead
 * letter keeps what the producer sent even when it could not be read.
 */
public record ConsumedEvent(String topic, int partition, long offset, String key, byte[] payload) {

    public static ConsumedEvent of(KafkaRecord<String, byte[]> record) {
        long offset = record.getMetadata(IncomingKafkaRecordMetadata.class)
                .map(IncomingKafkaRecordMetadata::getOffset).orElse(-1L);
        return new ConsumedEvent(record.getTopic(), record.getPartition(), offset, record.getKey(), record.getPayload());
    }

    @Override
    public String toString() {
        // Coordinates only: a payload is no business of a log line.
        return topic + "-" + partition + "@" + offset;
    }
}
