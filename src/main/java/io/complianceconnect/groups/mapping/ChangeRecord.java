package io.complianceconnect.groups.mapping;

import java.util.Objects;
import org.apache.kafka.connect.data.Schema;

/**
 * One record to write, before Connect's source partition and offset are attached: where it goes,
 * its key and its value with their schemas. A null value (and value schema) is a tombstone.
 *
 * @param change what the record says happened to a group or membership; null for a tombstone and
 *               for a sweep event, which report no change of their own
 */
public record ChangeRecord(String topic, Schema keySchema, Object key, Schema valueSchema, Object value,
                           ChangeType change) {

    public ChangeRecord {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(keySchema, "keySchema");
        Objects.requireNonNull(key, "key");
    }

    public boolean isTombstone() {
        return value == null;
    }
}
