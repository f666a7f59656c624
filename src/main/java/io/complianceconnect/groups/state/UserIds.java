package io.complianceconnect.groups.state;

import java.util.Arrays;

/**
 * The user ids of every membership in the state, each kept once however many groups the user is
 * in, and numbered so that groups can hold a small int per member instead of a string.
 *
 * <p>Why: a user id is a 27-character string, about 72 bytes on the heap, and each page of a
 * listing parses a new copy; in organisations whose people are in several groups the copies were
 * most of the state's memory. An id is counted once per group that holds it and forgotten (its
 * number reused) when the last of them lets go, so removed users do not accumulate. The lookup is
 * an open-addressing table of numbers (4 bytes a slot) hashed by the id. Not thread-safe, like the
 * rest of the state.
 *
 * <p>A number + 1 is below the table's length (numbers are dense and the table keeps under three
 * quarters full), so a slot's bits above the index bits are free: they hold the same bits of the
 * id's hash. A probe then reads an id string only when those bits match, which matters on the
 * per-member path, where every new member's lookups miss (a snapshot) and each string read is a
 * cache miss.
 */
final class UserIds {

    private String[] byNumber = new String[16];
    private int[] holders = new int[16];
    /**
     * Number + 1 of the id hashed to (or probed past) each slot in the low bits (below the table's
     * length), the id's hash in the bits above; 0 marks a free slot.
     */
    private int[] table = new int[16];
    private int[] freeNumbers = new int[16];
    private int freeCount;
    private int nextNumber;
    private int size;
    /**
     * The id string last looked up and its number (-1: none): the per-member path asks for one member
     * several times in a row (its fingerprint, its bucket, its update), with the same string.
     */
    private String lastId;
    private int lastNumber;

    /** The id's number, or -1 when no group holds it. */
    int numberOf(String userId) {
        if (userId == lastId) {
            return lastNumber;
        }
        int slot = slotOf(userId);
        int number = (table[slot] & (table.length - 1)) - 1;
        lastId = userId;
        lastNumber = number;
        return number;
    }

    String idOf(int number) {
        return byNumber[number];
    }

    /** One more group holds the id; returns its number. */
    int acquire(String userId) {
        lastId = null;
        int slot = slotOf(userId);
        if (table[slot] != 0) {
            int number = (table[slot] & (table.length - 1)) - 1;
            holders[number]++;
            return number;
        }
        int number = freeCount > 0 ? freeNumbers[--freeCount] : nextNumber++;
        if (number >= byNumber.length) {
            byNumber = Arrays.copyOf(byNumber, byNumber.length * 2);
            holders = Arrays.copyOf(holders, holders.length * 2);
        }
        byNumber[number] = userId;
        holders[number] = 1;
        table[slot] = entry(spread(userId.hashCode()), number, table.length - 1);
        size++;
        if (size * 4 > table.length * 3) {
            rehash(table.length * 2);
        }
        return number;
    }

    /** A group no longer holds the id; the last one to let go frees its number. */
    void release(int number) {
        if (--holders[number] > 0) {
            return;
        }
        lastId = null;
        removeFromTable(slotOf(byNumber[number]));
        byNumber[number] = null;
        size--;
        if (freeCount == freeNumbers.length) {
            freeNumbers = Arrays.copyOf(freeNumbers, freeCount * 2);
        }
        freeNumbers[freeCount++] = number;
    }

    /** Ids that some group holds. */
    int size() {
        return size;
    }

    /** The slot holding the id, or the free slot where it would go. */
    private int slotOf(String userId) {
        int mask = table.length - 1;
        int hash = spread(userId.hashCode());
        int i = hash & mask;
        for (int e = table[i]; e != 0; e = table[i]) {
            if (((e ^ hash) & ~mask) == 0 && byNumber[(e & mask) - 1].equals(userId)) {
                return i;
            }
            i = (i + 1) & mask;
        }
        return i;
    }

    private static int entry(int hash, int number, int mask) {
        return (hash & ~mask) | (number + 1);
    }

    private void removeFromTable(int slot) {
        table[slot] = 0;
        // Re-place the rest of the probe run so that later lookups still find their entries.
        int mask = table.length - 1;
        for (int i = (slot + 1) & mask; table[i] != 0; i = (i + 1) & mask) {
            int entry = table[i];
            table[i] = 0;
            table[slotOf(byNumber[(entry & mask) - 1])] = entry;
        }
    }

    private void rehash(int capacity) {
        int[] old = table;
        int oldMask = old.length - 1;
        table = new int[capacity];
        for (int entry : old) {
            if (entry != 0) {
                String id = byNumber[(entry & oldMask) - 1];
                table[slotOf(id)] = entry(spread(id.hashCode()), (entry & oldMask) - 1, capacity - 1);
            }
        }
    }

    private static int spread(int h) {
        h *= 0x9E3779B1;
        return h ^ (h >>> 16);
    }
}
