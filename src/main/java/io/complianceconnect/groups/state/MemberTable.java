package io.complianceconnect.groups.state;

/**
 * One group's memberships: user number ({@link UserIds}) to the member's fingerprint, field digests
 * ({@link MemberFieldDigests}) and bucket, as parallel open-addressing arrays of primitives.
 *
 * <p>Why this shape: 22 bytes a slot (int, two longs, char) where two string-keyed maps (member to
 * bucket, and per bucket member to fingerprint) took 24 without the field digests, and no objects
 * per member at all. Tables fill up to
 * seven eighths before they double (a group of 100 fits 128 slots): linear probing stays short at
 * that load for tables this size, and most of the state is these tables. A bucket
 * is found by scanning the table, which only serialization does (once per changed bucket and batch).
 * A group starts with no arrays: announced groups and small ones cost almost nothing. Not
 * thread-safe.
 */
final class MemberTable {

    /** Receives one member: its user number, fingerprint and bucket. */
    @FunctionalInterface
    interface MemberConsumer {
        void accept(int user, long fingerprint, long fieldDigests, int bucket);
    }

    private static final int[] NO_KEYS = new int[0];
    private static final long[] NO_FINGERPRINTS = new long[0];
    private static final char[] NO_BUCKETS = new char[0];
    private static final int MIN_CAPACITY = 8;
    /** The largest bucket index a char holds: 65,535 buckets of 4,000 members, far beyond any group. */
    static final int MAX_BUCKETS = Character.MAX_VALUE + 1;

    /** User number + 1; 0 marks a free slot. */
    private int[] keys = NO_KEYS;
    private long[] fingerprints = NO_FINGERPRINTS;
    private long[] fieldDigests = NO_FINGERPRINTS;
    private char[] buckets = NO_BUCKETS;
    private int size;

    int size() {
        return size;
    }

    /** The member's slot, or -1 when the user is not a member. */
    int slotOf(int user) {
        if (size == 0) {
            return -1;
        }
        int slot = probe(user + 1);
        return keys[slot] == 0 ? -1 : slot;
    }

    long fingerprintAt(int slot) {
        return fingerprints[slot];
    }

    int bucketAt(int slot) {
        return buckets[slot];
    }

    void fingerprintAt(int slot, long fingerprint) {
        fingerprints[slot] = fingerprint;
    }

    long fieldDigestsAt(int slot) {
        return fieldDigests[slot];
    }

    void fieldDigestsAt(int slot, long digests) {
        fieldDigests[slot] = digests;
    }

    /** Adds a user who is not a member yet. */
    void add(int user, long fingerprint, long digests, int bucket) {
        if (keys.length == 0 || (size + 1) * 8 > keys.length * 7) {
            resize(Math.max(MIN_CAPACITY, keys.length * 2));
        }
        int slot = probe(user + 1);
        keys[slot] = user + 1;
        fingerprints[slot] = fingerprint;
        fieldDigests[slot] = digests;
        buckets[slot] = (char) bucket;
        size++;
    }

    void removeAt(int slot) {
        keys[slot] = 0;
        size--;
        // Re-place the rest of the probe run so that later lookups still find their entries.
        int mask = keys.length - 1;
        for (int i = (slot + 1) & mask; keys[i] != 0; i = (i + 1) & mask) {
            int key = keys[i];
            long fingerprint = fingerprints[i];
            long digests = fieldDigests[i];
            char bucket = buckets[i];
            keys[i] = 0;
            int target = probe(key);
            keys[target] = key;
            fingerprints[target] = fingerprint;
            fieldDigests[target] = digests;
            buckets[target] = bucket;
        }
    }

    void forEach(MemberConsumer consumer) {
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] != 0) {
                consumer.accept(keys[i] - 1, fingerprints[i], fieldDigests[i], buckets[i]);
            }
        }
    }

    private int probe(int key) {
        int mask = keys.length - 1;
        int h = key * 0x9E3779B1;
        int i = (h ^ (h >>> 16)) & mask;
        while (keys[i] != 0 && keys[i] != key) {
            i = (i + 1) & mask;
        }
        return i;
    }

    private void resize(int capacity) {
        int[] oldKeys = keys;
        long[] oldFingerprints = fingerprints;
        long[] oldDigests = fieldDigests;
        char[] oldBuckets = buckets;
        keys = new int[capacity];
        fingerprints = new long[capacity];
        fieldDigests = new long[capacity];
        buckets = new char[capacity];
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != 0) {
                int slot = probe(oldKeys[i]);
                keys[slot] = oldKeys[i];
                fingerprints[slot] = oldFingerprints[i];
                fieldDigests[slot] = oldDigests[i];
                buckets[slot] = oldBuckets[i];
            }
        }
    }
}
