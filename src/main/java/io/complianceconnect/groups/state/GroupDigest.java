package io.complianceconnect.groups.state;

/**
 * One group's part of the directory checksum, as of its last complete listing: the content digest
 * of its group record and the sum of those of its membership records (see {@code ContentDigest}).
 * Kept per group so that the sweep can add up the whole directory without the records, and so that
 * a change found through the feed replaces just this group's part.
 *
 * @param group   the digest of the group's current record
 * @param members the sum, mod 2^64, of the digests of its current membership records
 */
public record GroupDigest(long group, long members) {
}
