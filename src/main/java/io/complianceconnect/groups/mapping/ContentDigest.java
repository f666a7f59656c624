package io.complianceconnect.groups.mapping;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The digest of one current group or membership record, over a canonical encoding of its key and
 * content fields as the topic holds them, so that a consumer can recompute it from the compacted
 * topics alone (docs/checksum.md is the specification; keep both in
 * step). The record's fields are read by name through a function, so the connector digests the
 * Connect struct it emits and a consumer digests whatever its converter decoded (a Connect struct,
 * a schemaless JSON map, an Avro record).
 *
 * <p>Not the state's {@code Fingerprints}: those hash what the API returned, at nanosecond
 * precision, and stay private to the connector; this hashes what consumers can read.
 */
public final class ContentDigest {

    /** Leads every group record's encoding, so a group and a membership never encode alike. */
    public static final String GROUP_DOMAIN = "compliance-groups/group/v1";
    /** Leads every membership record's encoding. */
    public static final String MEMBERSHIP_DOMAIN = "compliance-groups/membership/v1";

    static final List<String> GROUP_FIELDS =
            List.of("id", "name", "description", "source_type", "created_at", "updated_at", "roles", "extra");
    static final List<String> MEMBERSHIP_FIELDS =
            List.of("group_id", "user_id", "email", "created_at", "updated_at", "extra");

    private static final int NULL = 0x00;
    private static final int STRING = 0x01;
    private static final int TIMESTAMP = 0x02;
    private static final int LIST = 0x03;
    private static final int MAP = 0x04;

    private ContentDigest() {
    }

    /** The digest of a group record whose fields {@code field} returns by name. */
    public static long group(Function<String, Object> field) {
        return digest(encodeGroup(field));
    }

    /** The digest of a membership record whose fields {@code field} returns by name. */
    public static long membership(Function<String, Object> field) {
        return digest(encodeMembership(field));
    }

    /** The canonical encoding of a group record (exposed for the documented test vector). */
    public static byte[] encodeGroup(Function<String, Object> field) {
        Encoder e = new Encoder().string(GROUP_DOMAIN);
        for (String name : GROUP_FIELDS) {
            Object value = field.apply(name);
            switch (name) {
                case "created_at", "updated_at" -> e.timestamp(value, name);
                case "roles" -> e.list(value, name);
                case "extra" -> e.map(value, name);
                default -> e.string(value, name);
            }
        }
        return e.bytes();
    }

    /** The canonical encoding of a membership record. */
    public static byte[] encodeMembership(Function<String, Object> field) {
        Encoder e = new Encoder().string(MEMBERSHIP_DOMAIN);
        for (String name : MEMBERSHIP_FIELDS) {
            Object value = field.apply(name);
            switch (name) {
                case "created_at", "updated_at" -> e.timestamp(value, name);
                case "extra" -> e.map(value, name);
                default -> e.string(value, name);
            }
        }
        return e.bytes();
    }

    /** The first 8 bytes of the SHA-256 of {@code encoding}, as a big-endian number. */
    static long digest(byte[] encoding) {
        byte[] hash = sha256().digest(encoding);
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (hash[i] & 0xff);
        }
        return v;
    }

    /** 16 lowercase hex digits: how digests are written in sweep events and by verify-replica. */
    public static String hex(long digest) {
        return String.format("%016x", digest);
    }

    /** Reads {@link #hex}. */
    public static long parseHex(String text) {
        if (text.length() != 16) {
            throw new IllegalArgumentException("a digest is 16 hex digits, not '" + text + "'");
        }
        return Long.parseUnsignedLong(text, 16);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** Writes the canonical encoding; see the specification for each tag. */
    private static final class Encoder {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream(128);

        Encoder string(Object value, String field) {
            if (value == null) {
                out.write(NULL);
                return this;
            }
            if (!(value instanceof CharSequence text)) {
                throw new IllegalArgumentException("field " + field + " must be text, is " + value.getClass().getName());
            }
            return string(text.toString());
        }

        Encoder string(String text) {
            byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
            out.write(STRING);
            int32(utf8.length);
            out.writeBytes(utf8);
            return this;
        }

        void timestamp(Object value, String field) {
            if (value == null) {
                out.write(NULL);
                return;
            }
            long millis;
            if (value instanceof Date date) {
                millis = date.getTime();
            } else if (value instanceof Instant instant) {
                millis = instant.toEpochMilli();
            } else if (value instanceof Long || value instanceof Integer) {
                millis = ((Number) value).longValue();
            } else {
                throw new IllegalArgumentException("field " + field + " must be a timestamp or epoch milliseconds, is "
                        + value.getClass().getName());
            }
            out.write(TIMESTAMP);
            for (int shift = 56; shift >= 0; shift -= 8) {
                out.write((int) (millis >>> shift));
            }
        }

        void list(Object value, String field) {
            if (value == null) {
                out.write(NULL);
                return;
            }
            if (!(value instanceof Collection<?> items)) {
                throw new IllegalArgumentException("field " + field + " must be a list, is " + value.getClass().getName());
            }
            out.write(LIST);
            int32(items.size());
            for (Object item : items) {
                string(item, field);
            }
        }

        /** Entries in the order of their keys' UTF-8 bytes; a null map is an empty one. */
        void map(Object value, String field) {
            if (value != null && !(value instanceof Map<?, ?>)) {
                throw new IllegalArgumentException("field " + field + " must be a map, is " + value.getClass().getName());
            }
            Map<?, ?> map = value == null ? Map.of() : (Map<?, ?>) value;
            List<Map.Entry<byte[], Object>> entries = new ArrayList<>(map.size());
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                if (!(entry.getKey() instanceof CharSequence key)) {
                    throw new IllegalArgumentException("keys of field " + field + " must be text");
                }
                entries.add(Map.entry(key.toString().getBytes(StandardCharsets.UTF_8),
                        entry.getValue() == null ? NullValue.INSTANCE : entry.getValue()));
            }
            entries.sort((a, b) -> Arrays.compareUnsigned(a.getKey(), b.getKey()));
            out.write(MAP);
            int32(entries.size());
            for (Map.Entry<byte[], Object> entry : entries) {
                out.write(STRING);
                int32(entry.getKey().length);
                out.writeBytes(entry.getKey());
                string(entry.getValue() == NullValue.INSTANCE ? null : entry.getValue(), field);
            }
        }

        private void int32(int v) {
            out.write(v >>> 24);
            out.write(v >>> 16);
            out.write(v >>> 8);
            out.write(v);
        }

        byte[] bytes() {
            return out.toByteArray();
        }
    }

    /** Stands for a null map value while sorting (Map.entry refuses nulls). */
    private enum NullValue {
        INSTANCE
    }
}
