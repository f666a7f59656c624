package io.complianceconnect.groups.mapping;

/**
 * What a {@code SWEEP_COMPLETED} event claims the replica holds: for the groups and for the
 * memberships, how many current records there are and the sum (mod 2^64) of their {@link
 * ContentDigest}s. A sum is order-independent, so the connector can add up per-group parts and a
 * consumer can add records in whatever order it reads them.
 *
 * @param groups      the current group records
 * @param memberships the current membership records
 */
public record DirectoryChecksum(Part groups, Part memberships) {

    /**
     * A count of records and the sum of their digests.
     *
     * @param count  how many records
     * @param digest the sum of their digests, mod 2^64
     */
    public record Part(long count, long digest) {

        public static final Part EMPTY = new Part(0, 0);

        /** This part with one more record of the given digest. */
        public Part plus(long recordDigest) {
            return new Part(count + 1, digest + recordDigest);
        }

        public Part plus(Part other) {
            return new Part(count + other.count, digest + other.digest);
        }

        @Override
        public String toString() {
            return count + " records, digest " + ContentDigest.hex(digest);
        }
    }
}
