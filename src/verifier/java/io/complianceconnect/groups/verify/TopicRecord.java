package io.complianceconnect.groups.verify;

/**
 * One record of a topic as Kafka holds it: the key and value bytes as written (compaction keeps the
 * latest value per key bytes, so the bytes are the identity), and the record's timestamp.
 *
 * @param value null for a tombstone
 */
record TopicRecord(int partition, long offset, long timestampMs, byte[] key, byte[] value) {
}
