package io.complianceconnect.groups.state;

import io.complianceconnect.groups.client.Group;
import io.complianceconnect.groups.client.GroupMember;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * 64-bit content fingerprints of groups and memberships, used to decide whether an entity changed
 * since it was last emitted. Content is compared rather than {@code updated_at}, because the API
 * allows null timestamps and an email change does not always bump them.
 *
 * <p>The hash is our own, fixed function (not {@code String.hashCode} or anything JVM-specific)
 * because fingerprints are persisted in Connect offsets and must mean the same thing after an
 * upgrade. Each field is length-prefixed so that moving text between fields changes the hash.
 */
public final class Fingerprints {

    /** Reserved: never produced by {@link #of}, marks "known id, content not yet emitted". */
    public static final long UNKNOWN = 0L;

    private Fingerprints() {
    }

    public static long of(Group group) {
        Hasher h = new Hasher();
        h.add(group.id()).add(group.name()).add(group.description()).add(group.sourceType())
                .add(group.createdAt()).add(group.updatedAt());
        List<String> roles = group.roles();
        if (roles == null) {
            h.addNull();
        } else {
            h.addLength(roles.size());
            for (String role : roles) {
                h.add(role);
            }
        }
        h.add(group.extra());
        return h.finish();
    }

    public static long of(GroupMember member) {
        return new Hasher().add(member.userId()).add(member.email())
                .add(member.createdAt()).add(member.updatedAt()).add(member.extra()).finish();
    }

    /** The same fixed hash of one text: the digest of a stored value too long to keep ({@link GroupValues}). */
    static long ofText(String text) {
        return new Hasher().add(text).finish();
    }

    /** A small streaming hash in the spirit of FNV-1a with a final avalanche (SplitMix64's mixer). */
    private static final class Hasher {
        private static final long PRIME = 0x100000001b3L;
        private long state = 0xcbf29ce484222325L;

        Hasher add(String s) {
            if (s == null) {
                return addNull();
            }
            addLength(s.length());
            for (int i = 0; i < s.length(); i++) {
                state = (state ^ s.charAt(i)) * PRIME;
            }
            return this;
        }

        Hasher add(Instant instant) {
            if (instant == null) {
                return addNull();
            }
            addLong(instant.getEpochSecond());
            return addLong(instant.getNano());
        }

        Hasher add(Map<String, String> extra) {
            addLength(extra.size());
            // Order-independent: the client may build the map in any order.
            for (Map.Entry<String, String> e : (extra.size() > 1 ? new TreeMap<>(extra) : extra).entrySet()) {
                add(e.getKey()).add(e.getValue());
            }
            return this;
        }

        Hasher addNull() {
            return addLong(-1L);
        }

        Hasher addLength(int length) {
            return addLong(length);
        }

        Hasher addLong(long v) {
            for (int i = 0; i < 8; i++) {
                state = (state ^ (v & 0xff)) * PRIME;
                v >>>= 8;
            }
            return this;
        }

        long finish() {
            long z = state;
            z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
            z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
            z = z ^ (z >>> 31);
            return z == UNKNOWN ? 1L : z;
        }
    }
}
