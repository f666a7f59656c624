package io.complianceconnect.groups.state;

import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.Map;

/**
 * The format of a member bucket's offset: {@code {"v": 2, "members": "<entry>;<entry>;..."}}, an
 * entry being {@code <escaped user id> <base64url of the numbers>}, the numbers the member's
 * fingerprint and then, when known, its {@link MemberFieldDigests}, each as 8 big-endian bytes.
 *
 * <p>Why this shape: the field digests add 8 bytes a member; in base64 with one-byte separators
 * (as the group index's version 4, see {@link IndexEntries}) an entry grows by 4 bytes of JSON
 * where a third tab-separated hex field would have added 17. Space and semicolon need no escaping
 * in JSON; an id containing either, {@code %}, a tab or a newline has it escaped as {@code %XX}.
 *
 * <p>Version 1 (one {@code <id>\t<hex fingerprint>} a line, no field digests) is still read: its
 * members' field digests are {@link MemberFieldDigests#UNKNOWN}.
 */
public final class MemberEntries {

    static final int VERSION = 2;
    private static final char FIELD = ' ';
    private static final char ENTRY = ';';
    private static final String RESERVED = "% ;\t\n";
    private static final Base64.Decoder UNBASE64 = Base64.getUrlDecoder();

    private MemberEntries() {
    }

    /** Receives one membership of a member bucket. */
    @FunctionalInterface
    public interface Consumer {
        void accept(String userId, long fingerprint, long fieldDigests);
    }

    static Map<String, Object> offset(GroupState group, int bucket) {
        StringBuilder packed = new StringBuilder();
        byte[] numbers = new byte[2 * Long.BYTES];
        group.forEachMemberOf(bucket, (userId, fp, fd) -> {
            OffsetText.appendEscaped(packed, userId, RESERVED);
            putLong(numbers, 0, fp);
            int length = Long.BYTES;
            if (fd != MemberFieldDigests.UNKNOWN) {
                putLong(numbers, Long.BYTES, fd);
                length += Long.BYTES;
            }
            appendBase64(packed.append(FIELD), numbers, length);
            packed.append(ENTRY);
        });
        return Map.of("v", VERSION, "members", packed.toString());
    }

    private static void putLong(byte[] out, int at, long v) {
        for (int i = 7; i >= 0; i--) {
            out[at + i] = (byte) v;
            v >>>= 8;
        }
    }

    private static final char[] ALPHABET =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".toCharArray();

    /** Base64url without padding, as {@link Base64#getUrlEncoder()} writes it, straight into {@code out}. */
    static void appendBase64(StringBuilder out, byte[] bytes, int length) {
        int i = 0;
        for (; i + 3 <= length; i += 3) {
            int v = (bytes[i] & 0xff) << 16 | (bytes[i + 1] & 0xff) << 8 | (bytes[i + 2] & 0xff);
            out.append(ALPHABET[v >>> 18]).append(ALPHABET[(v >>> 12) & 63]).append(ALPHABET[(v >>> 6) & 63])
                    .append(ALPHABET[v & 63]);
        }
        if (length - i == 1) {
            int v = (bytes[i] & 0xff) << 16;
            out.append(ALPHABET[v >>> 18]).append(ALPHABET[(v >>> 12) & 63]);
        } else if (length - i == 2) {
            int v = (bytes[i] & 0xff) << 16 | (bytes[i + 1] & 0xff) << 8;
            out.append(ALPHABET[v >>> 18]).append(ALPHABET[(v >>> 12) & 63]).append(ALPHABET[(v >>> 6) & 63]);
        }
    }

    /**
     * @throws IllegalArgumentException naming {@code what} when the offset is not one this version or
     *                                  an earlier one wrote
     */
    public static void forEach(String what, Map<String, ?> offset, Consumer consumer) {
        OffsetFields f = new OffsetFields(what, offset);
        int version = f.requireVersion(1, VERSION);
        String packed = f.string("members");
        if (version == 1) {
            OffsetText.forEachEntry(packed, fields -> {
                if (fields.length != 2) {
                    throw new IllegalArgumentException(what + ": an entry must have 2 fields, has " + fields.length);
                }
                consumer.accept(OffsetText.unescape(fields[0]), OffsetText.parseHex(fields[1]),
                        MemberFieldDigests.UNKNOWN);
            });
            return;
        }
        int start = 0;
        while (start < packed.length()) {
            int end = packed.indexOf(ENTRY, start);
            if (end < 0) {
                end = packed.length();
            }
            if (end > start) {
                entry(what, packed.substring(start, end), consumer);
            }
            start = end + 1;
        }
    }

    private static void entry(String what, String entry, Consumer consumer) {
        int space = entry.indexOf(FIELD);
        if (space < 0) {
            throw new IllegalArgumentException(what + ": an entry must be '<user id> <numbers>', got one without a space");
        }
        byte[] bytes;
        try {
            bytes = UNBASE64.decode(entry.substring(space + 1));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + ": an entry's numbers are not base64url: " + e.getMessage());
        }
        if (bytes.length != Long.BYTES && bytes.length != 2 * Long.BYTES) {
            throw new IllegalArgumentException(what + ": an entry's numbers must be 8 or 16 bytes, are " + bytes.length);
        }
        ByteBuffer numbers = ByteBuffer.wrap(bytes);
        long fingerprint = numbers.getLong();
        long fieldDigests = numbers.hasRemaining() ? numbers.getLong() : MemberFieldDigests.UNKNOWN;
        consumer.accept(OffsetText.unescape(entry.substring(0, space)), fingerprint, fieldDigests);
    }
}
