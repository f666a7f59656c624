package io.complianceconnect.groups.state;

import java.util.Arrays;
import java.util.function.ObjLongConsumer;

/**
 * A string-to-long map as two parallel open-addressing arrays.
 *
 * <p>Used instead of {@code HashMap<String, Long>} because the connector keeps every membership of
 * the organisation in memory (a million in a large one), and this layout needs about a third of
 * the memory of boxed entries. Not thread-safe.
 */
public final class StringLongMap {

    private static final int MIN_CAPACITY = 8;

    private String[] keys;
    private long[] values;
    private int size;

    public StringLongMap() {
        this(0);
    }

    public StringLongMap(int expectedSize) {
        int capacity = MIN_CAPACITY;
        while (capacity * 3 / 4 < expectedSize) {
            capacity <<= 1;
        }
        keys = new String[capacity];
        values = new long[capacity];
    }

    public int size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    /** The value, or {@code absent} when the key is not in the map. */
    public long get(String key, long absent) {
        int slot = find(key);
        return keys[slot] == null ? absent : values[slot];
    }

    public boolean containsKey(String key) {
        return keys[find(key)] != null;
    }

    public void put(String key, long value) {
        int slot = find(key);
        if (keys[slot] == null) {
            keys[slot] = key;
            values[slot] = value;
            size++;
            if (size * 4 > keys.length * 3) {
                rehash(keys.length * 2);
            }
        } else {
            values[slot] = value;
        }
    }

    public boolean remove(String key) {
        int slot = find(key);
        if (keys[slot] == null) {
            return false;
        }
        keys[slot] = null;
        size--;
        // Re-place the rest of the probe run so that later lookups still find their entries.
        int mask = keys.length - 1;
        for (int i = (slot + 1) & mask; keys[i] != null; i = (i + 1) & mask) {
            String k = keys[i];
            long v = values[i];
            keys[i] = null;
            int target = find(k);
            keys[target] = k;
            values[target] = v;
        }
        return true;
    }

    public void forEach(ObjLongConsumer<String> action) {
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] != null) {
                action.accept(keys[i], values[i]);
            }
        }
    }

    /** The keys in sorted order, for deterministic output. */
    public String[] sortedKeys() {
        String[] result = new String[size];
        int n = 0;
        for (String k : keys) {
            if (k != null) {
                result[n++] = k;
            }
        }
        Arrays.sort(result);
        return result;
    }

    private int find(String key) {
        int mask = keys.length - 1;
        int h = key.hashCode();
        int i = ((h ^ (h >>> 16)) * 0x9E3779B1) & mask;
        while (keys[i] != null && !keys[i].equals(key)) {
            i = (i + 1) & mask;
        }
        return i;
    }

    private void rehash(int capacity) {
        String[] oldKeys = keys;
        long[] oldValues = values;
        keys = new String[capacity];
        values = new long[capacity];
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != null) {
                int slot = find(oldKeys[i]);
                keys[slot] = oldKeys[i];
                values[slot] = oldValues[i];
            }
        }
    }
}
