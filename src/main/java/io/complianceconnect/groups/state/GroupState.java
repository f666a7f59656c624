package io.complianceconnect.groups.state;

import io.complianceconnect.groups.client.Group;
import io.complianceconnect.groups.mapping.GroupChange;

import java.util.Arrays;

/**
 * What the connector last emitted for one group: its content fingerprint, the values an UPDATED
 * record reports as previous ({@link GroupValues}), and its memberships.
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
    private final UserIds userIds;
    private long fingerprint;
    /** The last sweep whose sync of this group is committed with all its records; 0 for none. */
    private long syncedSweep;
    private final MemberTable members = new MemberTable();
    private int[] bucketSizes;
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
    /** The values of the group's last emitted record ({@link GroupValues}); null while not known. */
    private String values;

    GroupState(String id, UserIds userIds, long fingerprint, int bucketCount) {
        this.id = id;
        this.userIds = userIds;
        this.fingerprint = fingerprint;
        this.bucketSizes = new int[Math.max(1, bucketCount)];
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

    /** What changed from the group's last emitted record to {@code group} (an UPDATED record's previous values). */
    public GroupChange changeTo(Group group) {
        return GroupValues.change(values, group);
    }

    /** The stored values ({@link GroupValues}); null while not known. */
    String values() {
        return values;
    }

    void values(String values) {
        this.values = values;
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
        return bucketSizes.length;
    }

    public int memberCount() {
        return members.size();
    }

    public long memberFingerprint(String userId) {
        int slot = slotOf(userId);
        return slot < 0 ? Fingerprints.UNKNOWN : members.fingerprintAt(slot);
    }

    /** The member's {@link MemberFieldDigests}; {@link MemberFieldDigests#UNKNOWN} when not a member or not known. */
    public long memberFieldDigests(String userId) {
        int slot = slotOf(userId);
        return slot < 0 ? MemberFieldDigests.UNKNOWN : members.fieldDigestsAt(slot);
    }

    /**
     * Fills in the field digests of a member listed unchanged whose digests the offsets did not hold
     * (written before they existed): kept in memory, and stored with the next change of its bucket.
     */
    public void fieldDigestsListed(String userId, long fieldDigests) {
        int slot = slotOf(userId);
        if (slot >= 0 && members.fieldDigestsAt(slot) == MemberFieldDigests.UNKNOWN) {
            members.fieldDigestsAt(slot, fieldDigests);
        }
    }

    public int bucketOf(String userId) {
        int slot = slotOf(userId);
        return slot < 0 ? -1 : members.bucketAt(slot);
    }

    /** Room left across all buckets, for deciding before a page whether new buckets are needed. */
    public int freeCapacity() {
        int free = 0;
        for (int size : bucketSizes) {
            free += Math.max(0, BUCKET_CAPACITY - size);
        }
        return free;
    }

    void addBuckets(int count) {
        if (bucketSizes.length + count > MemberTable.MAX_BUCKETS) {
            throw new IllegalStateException("group " + id + " would need more than " + MemberTable.MAX_BUCKETS
                    + " member buckets");
        }
        bucketSizes = Arrays.copyOf(bucketSizes, bucketSizes.length + count);
    }

    /** Records a member's new fingerprint and field digests; returns the bucket that changed. */
    int putMember(String userId, long memberFingerprint, long fieldDigests) {
        int slot = slotOf(userId);
        if (slot >= 0) {
            members.fingerprintAt(slot, memberFingerprint);
            members.fieldDigestsAt(slot, fieldDigests);
            return members.bucketAt(slot);
        }
        int bucket = bucketWithRoom();
        add(userId, memberFingerprint, fieldDigests, bucket);
        return bucket;
    }

    /** Loads a member into a given bucket (restoring from offsets). */
    void restoreMember(int bucket, String userId, long memberFingerprint, long fieldDigests) {
        // Offsets name each member in one bucket; should one name it twice, the last bucket read wins.
        removeMember(userId);
        add(userId, memberFingerprint, fieldDigests, bucket);
    }

    /** Returns the bucket that changed, or -1 when the user was not a member. */
    int removeMember(String userId) {
        int slot = slotOf(userId);
        if (slot < 0) {
            return -1;
        }
        int bucket = members.bucketAt(slot);
        int user = userIds.numberOf(userId);
        members.removeAt(slot);
        bucketSizes[bucket]--;
        userIds.release(user);
        return bucket;
    }

    /** Calls {@code action} with each member of the bucket, its fingerprint and field digests. */
    void forEachMemberOf(int bucket, MemberEntries.Consumer action) {
        if (bucketSizes[bucket] == 0) {
            return;
        }
        members.forEach((user, fp, fd, b) -> {
            if (b == bucket) {
                action.accept(userIds.idOf(user), fp, fd);
            }
        });
    }

    /** Member ids in no particular order. */
    public String[] memberIds() {
        String[] ids = new String[members.size()];
        int[] n = {0};
        members.forEach((user, fp, fd, bucket) -> ids[n[0]++] = userIds.idOf(user));
        return ids;
    }

    /** Member ids in sorted order (deletions are emitted in a stable order). */
    public String[] sortedMemberIds() {
        String[] ids = new String[members.size()];
        int[] n = {0};
        members.forEach((user, fp, fd, bucket) -> ids[n[0]++] = userIds.idOf(user));
        Arrays.sort(ids);
        return ids;
    }

    int bucketWithRoom() {
        for (int i = 0; i < bucketSizes.length; i++) {
            if (bucketSizes[i] < BUCKET_CAPACITY) {
                return i;
            }
        }
        // Callers grow the layout (durably) before a page that needs it; this is a safety net that
        // overfills the last bucket rather than losing a member.
        return bucketSizes.length - 1;
    }

    private int slotOf(String userId) {
        int user = userIds.numberOf(userId);
        return user < 0 ? -1 : members.slotOf(user);
    }

    private void add(String userId, long memberFingerprint, long fieldDigests, int bucket) {
        members.add(userIds.acquire(userId), memberFingerprint, fieldDigests, bucket);
        bucketSizes[bucket]++;
    }
}
