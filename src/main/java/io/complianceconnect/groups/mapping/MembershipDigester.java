package io.complianceconnect.groups.mapping;

import io.complianceconnect.groups.client.GroupMember;

import java.nio.charset.StandardCharsets;
import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;

/**
 * {@link ContentDigest#membership} of the record {@link ChangeRecords#memberChanged} writes for a
 * membership, computed from the membership itself: the same canonical encoding (docs/checksum.md),
 * written straight into a reused buffer and hashed by a reused SHA-256, with no record built.
 *
 * <p>Why: every listed membership's digest goes into the directory checksum, unchanged ones too, and
 * building a throw-away struct for it (dates, a map encoder, a new digest object a member) made it
 * the dearest step of the per-member path. The tests check both give the same number.
 *
 * <p>Not thread-safe: one per task (its {@link ChangeRecords}), guarded by itself all the same.
 */
final class MembershipDigester {

    private static final byte[] DOMAIN = encodedString(ContentDigest.MEMBERSHIP_DOMAIN);
    private static final int NULL = 0x00;
    private static final int STRING = 0x01;
    private static final int TIMESTAMP = 0x02;
    private static final int MAP = 0x04;

    private final MessageDigest sha256;
    private final byte[] hash = new byte[32];
    private byte[] buf = new byte[256];
    private int len;

    MembershipDigester() {
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** @param shown the membership as its record shows it ({@link ChangeRecords#published}) */
    synchronized long digest(GroupMember shown) {
        len = 0;
        bytes(DOMAIN, DOMAIN.length);
        string(shown.groupId());
        string(shown.userId());
        string(shown.email());
        timestamp(shown.createdAt());
        timestamp(shown.updatedAt());
        extra(shown.extra());
        sha256.update(buf, 0, len);
        try {
            sha256.digest(hash, 0, hash.length);
        } catch (DigestException e) {
            throw new IllegalStateException("a 32-byte buffer holds a SHA-256", e);
        }
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (hash[i] & 0xff);
        }
        return v;
    }

    private void string(String text) {
        if (text == null) {
            room(1);
            buf[len++] = NULL;
            return;
        }
        int n = text.length();
        room(5 + n);
        int start = len;
        buf[len] = STRING;
        len += 5;
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c >= 0x80) {
                // Not ASCII: the JDK's encoder (surrogate pairs, unpaired surrogates as '?').
                len = start;
                byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
                room(5 + utf8.length);
                buf[len++] = STRING;
                int32(utf8.length);
                bytes(utf8, utf8.length);
                return;
            }
            buf[len++] = (byte) c;
        }
        int end = len;
        len = start + 1;
        int32(n);
        len = end;
    }

    /** Milliseconds, as the record's Connect Timestamp holds them ({@link java.util.Date#from}). */
    private void timestamp(Instant instant) {
        if (instant == null) {
            room(1);
            buf[len++] = NULL;
            return;
        }
        long millis = instant.toEpochMilli();
        room(9);
        buf[len++] = TIMESTAMP;
        for (int shift = 56; shift >= 0; shift -= 8) {
            buf[len++] = (byte) (millis >>> shift);
        }
    }

    private void extra(Map<String, String> extra) {
        room(5);
        buf[len++] = MAP;
        int32(extra.size());
        if (extra.isEmpty()) {
            return;
        }
        byte[][] keys = new byte[extra.size()][];
        String[] values = new String[extra.size()];
        int i = 0;
        for (Map.Entry<String, String> e : extra.entrySet()) {
            keys[i] = e.getKey().getBytes(StandardCharsets.UTF_8);
            values[i++] = e.getValue();
        }
        Integer[] order = new Integer[keys.length];
        for (int k = 0; k < order.length; k++) {
            order[k] = k;
        }
        Arrays.sort(order, (a, b) -> Arrays.compareUnsigned(keys[a], keys[b]));
        for (int k : order) {
            room(5 + keys[k].length);
            buf[len++] = STRING;
            int32(keys[k].length);
            bytes(keys[k], keys[k].length);
            string(values[k]);
        }
    }

    private void int32(int v) {
        buf[len++] = (byte) (v >>> 24);
        buf[len++] = (byte) (v >>> 16);
        buf[len++] = (byte) (v >>> 8);
        buf[len++] = (byte) v;
    }

    private void bytes(byte[] b, int n) {
        room(n);
        System.arraycopy(b, 0, buf, len, n);
        len += n;
    }

    private void room(int n) {
        if (len + n > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + n));
        }
    }

    private static byte[] encodedString(String text) {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[5 + utf8.length];
        out[0] = STRING;
        out[1] = (byte) (utf8.length >>> 24);
        out[2] = (byte) (utf8.length >>> 16);
        out[3] = (byte) (utf8.length >>> 8);
        out[4] = (byte) utf8.length;
        System.arraycopy(utf8, 0, out, 5, utf8.length);
        return out;
    }
}
