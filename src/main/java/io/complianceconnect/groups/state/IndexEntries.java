package io.complianceconnect.groups.state;

import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.Collection;
import java.util.Map;

/**
 * The format of a group index shard's offset: {@code {"v": 5, "groups": "<entry>;<entry>;..."}},
 * an entry being {@code <escaped group id> <base64url of the packed numbers>[ <values>]}, the values
 * of the group's last record ({@link GroupValues}, with {@code %}, {@code ;} and {@code |} escaped
 * inside each) when known.
 *
 * <p>Why packed: every worker of the cluster keeps the live offsets in memory, and each entry is
 * rewritten with its shard. The numbers of an entry (bucket count and last synced sweep as
 * unsigned varints, then the fingerprint, then the two halves of the stored checksum part when
 * there is one, each as 8 big-endian bytes) take 35 characters in base64; as tab-separated hex
 * (version 3) they took 55, and the JSON converter writes each tab and newline as two bytes.
 * Space and semicolon need no escaping in JSON; an id containing either, {@code %}, a tab or a
 * newline has it escaped as {@code %XX}.
 *
 * <p>Versions 1 to 4 are still read (1 to 3 tab-separated, one entry a line): none has values
 * (read as not known), version 1 has no synced sweep (read as 0, never synced), versions 1 and 2 no
 * stored checksum part.
 */
final class IndexEntries {

    static final int VERSION = 5;
    private static final String PENDING = "-";
    private static final char FIELD = ' ';
    private static final char ENTRY = ';';
    private static final String RESERVED = "% ;\t\n";
    private static final Base64.Encoder BASE64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder UNBASE64 = Base64.getUrlDecoder();
    /** Two varints of at most 10 bytes each, and three longs. */
    private static final int MAX_PACKED = 10 + 10 + 3 * Long.BYTES;

    private IndexEntries() {
    }

    /** Receives one entry of a group index shard; {@code storedDigest} is null when it has none. */
    @FunctionalInterface
    interface Consumer {
        void accept(String groupId, long fingerprint, int buckets, long syncedSweep, GroupDigest storedDigest,
                    String values);
    }

    static Map<String, Object> offset(Collection<GroupState> groups) {
        // About 70 characters an entry with the API's ids: sized once rather than grown by copying.
        StringBuilder packed = new StringBuilder(groups.size() * 72);
        ByteBuffer numbers = ByteBuffer.allocate(MAX_PACKED);
        for (GroupState g : groups) {
            OffsetText.appendEscaped(packed, g.id(), RESERVED);
            numbers.clear();
            putVarint(numbers, g.bucketCount());
            putVarint(numbers, g.syncedSweep());
            numbers.putLong(g.fingerprint());   // Fingerprints.UNKNOWN while only announced
            GroupDigest stored = g.storedDigest();
            if (stored != null) {
                numbers.putLong(stored.group()).putLong(stored.members());
            }
            byte[] bytes = new byte[numbers.position()];
            numbers.flip().get(bytes);
            packed.append(FIELD).append(BASE64.encodeToString(bytes));
            if (g.values() != null) {
                packed.append(FIELD).append(g.values());
            }
            packed.append(ENTRY);
        }
        return Map.of("v", VERSION, "groups", packed.toString());
    }

    /**
     * @throws IllegalArgumentException naming {@code what} and the field when the offset is not one
     *                                  this version or an earlier one wrote
     */
    static void forEach(String what, Map<String, ?> offset, Consumer consumer) {
        OffsetFields f = new OffsetFields(what, offset);
        int version = f.requireVersion(1, VERSION);
        String groups = f.string("groups");
        if (version < 4) {
            forEachTextEntry(what, version, groups, consumer);
            return;
        }
        int start = 0;
        while (start < groups.length()) {
            int end = groups.indexOf(ENTRY, start);
            if (end < 0) {
                throw new IllegalArgumentException(what + ": the last entry does not end with '" + ENTRY + "'");
            }
            int space = groups.indexOf(FIELD, start);
            if (space < 0 || space > end) {
                throw new IllegalArgumentException(what + ": an entry must be an id, a space and its numbers");
            }
            int valuesAt = version >= 5 ? groups.indexOf(FIELD, space + 1) : -1;
            String groupId = OffsetText.unescape(groups.substring(start, space));
            String values = valuesAt < 0 || valuesAt > end ? null
                    : GroupValues.validated(what + ": the values of " + groupId, groups.substring(valuesAt + 1, end));
            readPacked(what, groupId, groups.substring(space + 1, values == null ? end : valuesAt), values, consumer);
            start = end + 1;
        }
    }

    private static void readPacked(String what, String groupId, String base64, String values, Consumer consumer) {
        ByteBuffer numbers;
        try {
            numbers = ByteBuffer.wrap(UNBASE64.decode(base64));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + ": the numbers of " + groupId + " are not base64url");
        }
        try {
            int buckets = Math.toIntExact(varint(numbers));
            long synced = varint(numbers);
            if (buckets < 1) {
                throw new IllegalArgumentException(what + ": bucket count of " + groupId + " must be at least 1");
            }
            if (synced < 0) {
                throw new IllegalArgumentException(what + ": synced sweep of " + groupId + " must not be negative");
            }
            long fingerprint = numbers.getLong();
            GroupDigest digest = null;
            if (numbers.remaining() == 2 * Long.BYTES) {
                digest = new GroupDigest(numbers.getLong(), numbers.getLong());
            } else if (numbers.hasRemaining()) {
                throw new IllegalArgumentException(what + ": the numbers of " + groupId + " have "
                        + numbers.remaining() + " bytes too many");
            }
            consumer.accept(groupId, fingerprint, buckets, synced, digest, values);
        } catch (java.nio.BufferUnderflowException | ArithmeticException e) {
            throw new IllegalArgumentException(what + ": the numbers of " + groupId + " are cut short or too large");
        }
    }

    private static void forEachTextEntry(String what, int version, String groups, Consumer consumer) {
        int width = switch (version) {
            case 1 -> 3;
            case 2 -> 4;
            default -> 6;
        };
        OffsetText.forEachEntry(groups, fields -> {
            if (fields.length != width) {
                throw new IllegalArgumentException(what + ": an entry of version " + version + " must have " + width
                        + " fields, has " + fields.length);
            }
            long fingerprint = PENDING.equals(fields[1]) ? Fingerprints.UNKNOWN : OffsetText.parseHex(fields[1]);
            int buckets = Integer.parseInt(fields[2]);
            if (buckets < 1) {
                throw new IllegalArgumentException(what + ": bucket count must be at least 1");
            }
            long synced = width >= 4 ? Long.parseLong(fields[3]) : 0;
            if (synced < 0) {
                throw new IllegalArgumentException(what + ": synced sweep must not be negative");
            }
            GroupDigest digest = null;
            if (width >= 6 && !PENDING.equals(fields[4])) {
                digest = new GroupDigest(OffsetText.parseHex(fields[4]), OffsetText.parseHex(fields[5]));
            }
            consumer.accept(OffsetText.unescape(fields[0]), fingerprint, buckets, synced, digest, null);
        });
    }

    private static void putVarint(ByteBuffer out, long value) {
        long v = value;
        while ((v & ~0x7FL) != 0) {
            out.put((byte) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.put((byte) v);
    }

    private static long varint(ByteBuffer in) {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            byte b = in.get();
            value |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw new ArithmeticException("varint longer than 64 bits");
    }
}
