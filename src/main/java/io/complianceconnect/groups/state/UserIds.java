package io.complianceconnect.groups.state;

import java.util.Arrays;

/**
 * The user ids of every membership in the state, each kept once however many groups the user is
 * in, and numbered so that groups can hold a small int per member instead of a string.
 *
 * <p>Why: a user id is a 27-character string, about 72 bytes on the heap, and each page of a
 * listing parses a new copy; in organisations whose people are in tens of groups the copies were
 * most of the state's memory. An id is counted once per group that holds it and forgotten (its
 * number reused) when the last of them lets go, so removed users do not accumulate. Not
 * thread-safe, like the rest of the state.
 */
final class UserIds {

    /** Per id: its number in the high half, the count of groups holding it in the low half. */
    private final StringLongMap numberAndHolders = new StringLongMap();
    private String[] byNumber = new String[16];
    private int[] freeNumbers = new int[16];
    private int freeCount;
    private int nextNumber;

    /** The id's number, or -1 when no group holds it. */
    int numberOf(String userId) {
        long entry = numberAndHolders.get(userId, -1);
        return entry < 0 ? -1 : (int) (entry >>> 32);
    }

    String idOf(int number) {
        return byNumber[number];
    }

    /** One more group holds the id; returns its number. */
    int acquire(String userId) {
        long entry = numberAndHolders.get(userId, -1);
        if (entry >= 0) {
            numberAndHolders.put(userId, entry + 1);
            return (int) (entry >>> 32);
        }
        int number = freeCount > 0 ? freeNumbers[--freeCount] : nextNumber++;
        if (number >= byNumber.length) {
            byNumber = Arrays.copyOf(byNumber, byNumber.length * 2);
        }
        byNumber[number] = userId;
        numberAndHolders.put(userId, ((long) number << 32) | 1);
        return number;
    }

    /** A group no longer holds the id; the last one to let go frees its number. */
    void release(int number) {
        String userId = byNumber[number];
        long entry = numberAndHolders.get(userId, -1);
        if ((entry & 0xffffffffL) > 1) {
            numberAndHolders.put(userId, entry - 1);
            return;
        }
        numberAndHolders.remove(userId);
        byNumber[number] = null;
        if (freeCount == freeNumbers.length) {
            freeNumbers = Arrays.copyOf(freeNumbers, freeCount * 2);
        }
        freeNumbers[freeCount++] = number;
    }

    /** Ids that some group holds. */
    int size() {
        return numberAndHolders.size();
    }
}
