package io.complianceconnect.groups.state;

import java.util.Arrays;

/**
 * What the connector last emitted for one group: its content fingerprint and its memberships.
 *
 * <p>Memberships are split into buckets, each persisted as one Connect source partition, so that
 * no single offset grows past Kafka's message size however large the group. A member stays in the
 * bucket it was first placed in; new members fill the lowest bucket with room. That way a page of
 * new members rewrites one or two buckets, not all of them.
 */
public final class GroupState {

    /** At about 45 bytes a member, a full bucket's offset stays well under 1 MB. */
    public static final int BUCKET_CAPACITY = 4000;

    private final String id;
    private long fingerprint;
    /** The last sweep whose sync of this group is committed with all its records; 0 for none. */
    private long syncedSweep;
    /** This group's part of the checksum as emitted; null when a change since its last listing is not in it. */
    private GroupDigest digest;
    /**
     * The part stored in the index entry with the sync mark: null unless the stored mark's listing is
     * all the topic holds of the group (see {@link StateBatch#markSynced}).
     */
    private GroupDigest storedDigest;
    /**
     * Listings started; the number of the one whose completion set {@link #digest}; and that of the
     * last sweep sync that completed, whose mark the sweep stores once its records are committed.
     */
    private int listingsStarted;
    private int digestListing = -1;
    private int sweepSyncListing = -2;
    private final StringLongMap bucketOfMember = new StringLongMap();
    private StringLongMap[] buckets;

    GroupState(String id, long fingerprint, int bucketCount) {
        this.id = id;
        this.fingerprint = fingerprint;
        this.buckets = new StringLongMap[Math.max(1, bucketCount)];
        for (int i = 0; i < buckets.length; i++) {
            buckets[i] = new StringLongMap();
        }
    }

    public String id() {
        return id;
    }

    /** {@link Fingerprints#UNKNOWN} while the group is only announced in the index. */
    public long fingerprint() {
        return fingerprint;
    }

    void fingerprint(long fingerprint) {
        this.fingerprint = fingerprint;
    }

    /**
     * The last sweep that synced this group, as stored: set only once the sync's records are
     * committed, so a resumed sweep can skip the group without trusting anything that might be lost.
     */
    public long syncedSweep() {
        return syncedSweep;
    }

    void syncedSweep(long sweep) {
        this.syncedSweep = sweep;
    }

    /** This group's part of the checksum; null while a change is not reflected in it. */
    public GroupDigest digest() {
        return digest;
    }

    /** The part stored in the group's index entry; null when none is. */
    public GroupDigest storedDigest() {
        return storedDigest;
    }

    void storedDigest(GroupDigest stored) {
        this.storedDigest = stored;
    }

    /** Restores both parts from the index entry. */
    void restoreDigest(GroupDigest stored) {
        this.storedDigest = stored;
        this.digest = stored;
    }

    void listingStarted() {
        listingsStarted++;
    }

    /** A listing completed: the group's part is this, until the next change. */
    void listed(GroupDigest listed) {
        digest = listed;
        digestListing = listingsStarted;
    }

    /** The listing that just completed is a sweep's sync, to be marked once committed. */
    void sweepSyncCompleted() {
        sweepSyncListing = listingsStarted;
    }

    /**
     * The digest to store with the sweep's mark: the current one if the marked sync set it and no
     * listing started since (a later listing's records may not be committed yet); else null.
     */
    GroupDigest digestToMark() {
        return digest != null && digestListing == sweepSyncListing && listingsStarted == sweepSyncListing
                ? digest : null;
    }

    /** A record of the group changed outside a complete listing's account. */
    void digestOutdated() {
        digest = null;
    }

    public boolean contentEmitted() {
        return fingerprint != Fingerprints.UNKNOWN;
    }

    public int bucketCount() {
        return buckets.length;
    }

    public int memberCount() {
        return bucketOfMember.size();
    }

    public long memberFingerprint(String userId) {
        long bucket = bucketOfMember.get(userId, -1);
        return bucket < 0 ? Fingerprints.UNKNOWN : buckets[(int) bucket].get(userId, Fingerprints.UNKNOWN);
    }

    public int bucketOf(String userId) {
        return (int) bucketOfMember.get(userId, -1);
    }

    /** Room left across all buckets, for deciding before a page whether new buckets are needed. */
    public int freeCapacity() {
        int free = 0;
        for (StringLongMap b : buckets) {
            free += Math.max(0, BUCKET_CAPACITY - b.size());
        }
        return free;
    }

    void addBuckets(int count) {
        int old = buckets.length;
        buckets = Arrays.copyOf(buckets, old + count);
        for (int i = old; i < buckets.length; i++) {
            buckets[i] = new StringLongMap();
        }
    }

    /** Records a member's new fingerprint; returns the bucket that changed. */
    int putMember(String userId, long memberFingerprint) {
        int bucket = bucketOf(userId);
        if (bucket < 0) {
            bucket = bucketWithRoom();
            bucketOfMember.put(userId, bucket);
        }
        buckets[bucket].put(userId, memberFingerprint);
        return bucket;
    }

    /** Loads a member into a given bucket (restoring from offsets). */
    void restoreMember(int bucket, String userId, long memberFingerprint) {
        bucketOfMember.put(userId, bucket);
        buckets[bucket].put(userId, memberFingerprint);
    }

    /** Returns the bucket that changed, or -1 when the user was not a member. */
    int removeMember(String userId) {
        int bucket = bucketOf(userId);
        if (bucket >= 0) {
            bucketOfMember.remove(userId);
            buckets[bucket].remove(userId);
        }
        return bucket;
    }

    StringLongMap bucket(int bucket) {
        return buckets[bucket];
    }

    /** Member ids in sorted order (deletions are emitted in a stable order). */
    public String[] sortedMemberIds() {
        return bucketOfMember.sortedKeys();
    }

    int bucketWithRoom() {
        for (int i = 0; i < buckets.length; i++) {
            if (buckets[i].size() < BUCKET_CAPACITY) {
                return i;
            }
        }
        // Callers grow the layout (durably) before a page that needs it; this is a safety net that
        // overfills the last bucket rather than losing a member.
        return buckets.length - 1;
    }
}
