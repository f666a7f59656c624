package io.complianceconnect.groups.sweep;

/**
 * Told when a group's sync completes, to add to its last batch: the sweep marks the group synced
 * there; a refresh needs nothing ({@link #NONE}). Its own type, so that a listing ({@link
 * MemberListing}) can carry it without naming the sync above it.
 */
@FunctionalInterface
interface SyncCompletion {
    SyncCompletion NONE = (groupId, lastBatch) -> { };

    void synced(String groupId, RecordBatch lastBatch);
}
