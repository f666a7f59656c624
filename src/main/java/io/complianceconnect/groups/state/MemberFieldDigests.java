package io.complianceconnect.groups.state;

import io.complianceconnect.groups.client.GroupMember;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Small per-field digests of a membership as its record shows it, packed into one long, so that the
 * state can tell which fields of a changed membership changed without keeping their values (no
 * email in the state, just 16 bits of a hash of it).
 *
 * <p>Layout, from the high bits: {@code email} 16 bits, {@code created_at} 8, {@code updated_at} 8,
 * then {@code extra} as 4 lanes of 8 bits: each key falls into the lane a hash of its name picks,
 * and a lane holds the XOR of 8-bit digests of its keys with their values. A lane that differs
 * names its current keys ({@code extra.<key>}), or {@code extra} when it has none (a key was
 * removed: the state keeps no key names). The digests are a fixed function of their own (like
 * {@link Fingerprints}): they are persisted in offsets.
 *
 * <p>Small digests collide: a field's change goes unnoticed here about once in 2^16 (email) or
 * 2^8 (the others); the whole-record {@link Fingerprints fingerprint} still sees the change. When
 * no field digest differs although the fingerprint did, {@link #changedFields} says it cannot tell.
 */
public final class MemberFieldDigests {

    /** Marks "not known" (state restored from offsets written before these digests existed). */
    public static final long UNKNOWN = 0L;

    /** What an UPDATED record names for an extra key: this prefix and the key. */
    public static final String EXTRA_PREFIX = "extra.";

    private static final int LANES = 4;
    private static final long EXTRA_MASK = 0xffff_ffffL;

    private MemberFieldDigests() {
    }

    /** The packed digests of a membership as its record shows it; never {@link #UNKNOWN}. */
    public static long of(GroupMember shown) {
        long packed = (bits(hash(shown.email()), 16) << 48)
                | (bits(hash(shown.createdAt()), 8) << 40)
                | (bits(hash(shown.updatedAt()), 8) << 32)
                | extraLanes(shown.extra());
        return packed == UNKNOWN ? 1L : packed;
    }

    /**
     * The fields that changed between the membership whose digests were {@code before} and
     * {@code shown}, whose digests are {@code after}: {@code email}, {@code created_at},
     * {@code updated_at}, then {@code extra.<key>} in key order, then {@code extra} for a removed key.
     * Empty when nothing changed.
     *
     * @return null when it cannot tell: {@code before} is {@link #UNKNOWN}, or the digests agree although
     * {@code contentChanged} says the record's content changed (a digest collision)
     */
    public static List<String> changedFields(long before, long after, GroupMember shown, boolean contentChanged) {
        if (before == UNKNOWN) {
            return null;
        }
        List<String> changed = new ArrayList<>(4);
        if (((before ^ after) >>> 48) != 0) {
            changed.add("email");
        }
        if ((((before ^ after) >>> 40) & 0xff) != 0) {
            changed.add("created_at");
        }
        if ((((before ^ after) >>> 32) & 0xff) != 0) {
            changed.add("updated_at");
        }
        int lanesDiffering = 0;
        for (int lane = 0; lane < LANES; lane++) {
            if (lane(before, lane) != lane(after, lane)) {
                lanesDiffering |= 1 << lane;
            }
        }
        if (lanesDiffering != 0) {
            int lanesNamed = 0;
            Map<String, String> extra = shown.extra();
            for (String key : (extra.size() > 1 ? new TreeMap<>(extra) : extra).keySet()) {
                int lane = laneOf(key);
                if ((lanesDiffering & (1 << lane)) != 0) {
                    changed.add(EXTRA_PREFIX + key);
                    lanesNamed |= 1 << lane;
                }
            }
            if (lanesNamed != lanesDiffering) {
                changed.add("extra");
            }
        }
        if (changed.isEmpty() && contentChanged) {
            return null;
        }
        return changed;
    }

    private static long extraLanes(Map<String, String> extra) {
        if (extra.isEmpty()) {
            return 0;
        }
        long lanes = 0;
        for (Map.Entry<String, String> e : extra.entrySet()) {
            long entry = bits(mix(add(add(SEED, e.getKey()), e.getValue())), 8);
            lanes ^= (entry == 0 ? 1 : entry) << (8 * laneOf(e.getKey()));
        }
        return lanes & EXTRA_MASK;
    }

    private static int lane(long packed, int lane) {
        return (int) (packed >>> (8 * lane)) & 0xff;
    }

    static int laneOf(String key) {
        return (int) (mix(add(SEED ^ 0x5bd1e995L, key)) >>> 62);
    }

    private static long bits(long hash, int count) {
        return hash >>> (64 - count);
    }

    // A fixed FNV-1a over chars with SplitMix64's finalizer, null distinct from every string.
    private static final long SEED = 0xcbf29ce484222325L;
    private static final long PRIME = 0x100000001b3L;

    private static long hash(String s) {
        return mix(add(SEED, s));
    }

    private static long hash(Instant instant) {
        if (instant == null) {
            return mix(SEED);
        }
        return mix(addLong(addLong(SEED ^ 1, instant.getEpochSecond()), instant.getNano()));
    }

    private static long add(long state, String s) {
        if (s == null) {
            return addLong(state, -1L);
        }
        state = addLong(state, s.length());
        for (int i = 0; i < s.length(); i++) {
            state = (state ^ s.charAt(i)) * PRIME;
        }
        return state;
    }

    private static long addLong(long state, long v) {
        return ((state ^ v) * PRIME ^ (v >>> 32)) * PRIME;
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
