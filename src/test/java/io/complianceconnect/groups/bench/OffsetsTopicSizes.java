package io.complianceconnect.groups.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The bytes of a Connect offsets topic, read record by record: in all (what the log holds before
 * compaction) and live, the newest record of each key (what compaction keeps, and what every worker
 * of the cluster holds in memory), the live ones split by the connector's partition {@code kind}.
 * A record's bytes are its key's plus its value's; a tombstone (null value) removes its key.
 */
final class OffsetsTopicSizes {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The live record of one key. */
    private record Live(String kind, int bytes) {
    }

    private final Map<ByteBuffer, Live> live = new HashMap<>();
    private long totalBytes;
    private long totalRecords;

    void add(byte[] key, byte[] value) {
        int bytes = key.length + (value == null ? 0 : value.length);
        totalBytes += bytes;
        totalRecords++;
        if (value == null) {
            live.remove(ByteBuffer.wrap(key));
        } else {
            live.put(ByteBuffer.wrap(key), new Live(kindOf(key), bytes));
        }
    }

    long totalBytes() {
        return totalBytes;
    }

    long totalRecords() {
        return totalRecords;
    }

    /** Live bytes per partition kind ({@code members}, {@code group_index}, ...), sorted by kind. */
    Map<String, Long> liveBytesByKind() {
        Map<String, Long> bytes = new TreeMap<>();
        live.values().forEach(l -> bytes.merge(l.kind(), (long) l.bytes(), Long::sum));
        return bytes;
    }

    /** Live records per partition kind, sorted by kind. */
    Map<String, Long> liveRecordsByKind() {
        Map<String, Long> records = new TreeMap<>();
        live.values().forEach(l -> records.merge(l.kind(), 1L, Long::sum));
        return records;
    }

    long liveBytes() {
        return live.values().stream().mapToLong(Live::bytes).sum();
    }

    /**
     * The {@code kind} of the partition in a key Connect wrote, {@code ["connector", {partition}]};
     * {@code "other"} for a partition without one.
     */
    static String kindOf(byte[] key) {
        try {
            JsonNode partition = JSON.readTree(key).path(1);
            JsonNode kind = partition.path("kind");
            return kind.isTextual() ? kind.asText() : "other";
        } catch (IOException e) {
            throw new UncheckedIOException("not a Connect offsets key: " + new String(key), e);
        }
    }
}
