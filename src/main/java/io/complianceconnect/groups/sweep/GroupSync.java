package io.complianceconnect.groups.sweep;

import io.complianceconnect.groups.client.Group;
import io.complianceconnect.groups.client.GroupMember;
import io.complianceconnect.groups.client.GroupNotFoundException;
import io.complianceconnect.groups.client.InvalidRequestException;
import io.complianceconnect.groups.client.Page;
import io.complianceconnect.groups.mapping.ChangeMetadata;
import io.complianceconnect.groups.mapping.ChangeRecords;
import io.complianceconnect.groups.mapping.ChangeType;
import io.complianceconnect.groups.mapping.GroupChange;
import io.complianceconnect.groups.state.DirectoryState;
import io.complianceconnect.groups.state.Fingerprints;
import io.complianceconnect.groups.state.GroupDigest;
import io.complianceconnect.groups.state.GroupState;
import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One group's sync, for the sweep and the feed's refreshes alike: the group's content diff, then
 * its members page by page (more buckets first when new members do not fit), then the deletion of
 * the members no listing returned. Also one group's deletion: its memberships, then, once Kafka has
 * those, the group. One sync or deletion runs at a time, one request per step. Each is one group's
 * change: every batch but its last is marked {@linkplain RecordBatch#continuesChange continuing},
 * so that with connector-defined transactions the change commits as one. What the activity feed
 * named is decided whatever the state says ({@link NamedByFeed}).
 */
final class GroupSync {

    private static final Logger log = LoggerFactory.getLogger(GroupSync.class);

    private final DirectoryState state;
    private final ChangeRecords records;
    private final DurabilityGate gate;
    private final SweepProgress progress;
    private final SweepCoverage coverage;
    private final FeedEvidence evidence;
    private final NamedByFeed named;
    private final SweepRequests sweepRequests;
    private final SweepRequests feedRequests;

    private MemberListing listing;
    private final GroupDeletion deletion;
    private final MemberPageChanges pageChanges;
    private final UnusableMemberRows unusableRows = new UnusableMemberRows();

    /**
     * @param sweepRequests the requests of the sweep's syncs
     * @param feedRequests  the requests of the feed's refreshes
     */
    GroupSync(SyncContext context, SweepRequests sweepRequests, SweepRequests feedRequests) {
        this.state = context.state();
        this.records = context.records();
        this.gate = context.gate();
        this.progress = context.progress();
        this.coverage = context.coverage();
        this.evidence = context.evidence();
        this.named = context.named();
        this.deletion = new GroupDeletion(context);
        this.pageChanges = new MemberPageChanges(records, progress);
        this.sweepRequests = sweepRequests;
        this.feedRequests = feedRequests;
    }

    /** The group whose sync or deletion is under way, or null. */
    String busyWith() {
        return listing != null ? listing.groupId() : deletion.busyWith();
    }

    /** Whether a sync or deletion is under way: it goes on before anything else starts. */
    boolean busy() {
        return deletion.busyWith() != null || listing != null;
    }

    List<SourceRecord> continueSync(Duration maxBlock) throws InterruptedException {
        return deletion.busyWith() != null ? deletion.finish() : nextMemberPage(maxBlock);
    }

    /**
     * Starts a group's sync with its content diff; a group not known yet (the feed reported it
     * created, or a crash lost its index entry) is announced in the same batch, with whatever member
     * buckets were stored for it. Nothing waits: restore finds buckets without the index.
     *
     * @param completion told when the sync completes
     * @param side       whose requests its pages are
     */
    List<SourceRecord> start(Group group, SyncCompletion completion, RequestShare.Side side) {
        RecordBatch batch = progress.newBatch();
        GroupState known = state.get(group.id());
        if (known == null) {
            batch.state().announceGroup(group.id());
            known = state.get(group.id());
        }
        // A restart trusts the checksum part stored with a sync mark of the running sweep: once this
        // sync may change the group's records, that part goes from the store (a crash that kept the
        // new records' offsets but lost this one is repaired by the feed's replay, see NamedByFeed).
        boolean marked = progress.sweepRunning() && known.syncedSweep() == progress.cursor().sweep();
        batch.state().listingStarted(known, marked);
        long fingerprint = Fingerprints.of(group);
        boolean forced = named.takeGroup(group.id()) && known.contentEmitted();
        // A re-snapshot re-emits what this sweep has not covered yet (a refresh's sync counts: the
        // sweep skips the group after it); a real change keeps its type.
        boolean reEmit = progress.reEmits(group.id()) && !coverage.isSynced(group.id());
        if (fingerprint != known.fingerprint() || forced) {
            ChangeType type = known.contentEmitted() ? ChangeType.UPDATED : progress.creationType();
            GroupChange change = known.changeTo(group);   // before the state takes the new values
            Map<String, Object> partition = batch.state().groupContent(known, fingerprint, group);
            batch.add(records.groupChanged(group, progress.metadata(type), change), partition);
        } else {
            batch.state().valuesKnown(known, group);
            if (reEmit && known.contentEmitted()) {
                batch.add(records.groupChanged(group, progress.metadata(ChangeType.SNAPSHOT)),
                        batch.state().unchangedGroup(known));
            }
        }
        listing = new MemberListing(group, known, completion, side, evidence.apiTime(), named.takeMembers(group.id()));
        listing.reEmitUnchanged(reEmit);
        listing.skippedBefore(unusableRows.rowsBefore(group.id()));
        evidence.listingStarted(group.id());
        batch.continuesChange();
        return gate.emit(batch);
    }

    /** Deletes the group: its memberships, then the group ({@link GroupDeletion}). */
    List<SourceRecord> deleteGroup(GroupState group) {
        unusableRows.forget(group.id());
        return deletion.start(group);
    }

    /** How many groups' last listing served member rows without a usable user id. */
    int groupsWithUnusableMemberRows() {
        return unusableRows.groups();
    }

    /** See {@link GroupDeletion#startNotInState}. */
    List<SourceRecord> deleteGroupNotInState(String groupId, boolean gone) {
        return deletion.startNotInState(groupId, gone);
    }

    private List<SourceRecord> nextMemberPage(Duration maxBlock) throws InterruptedException {
        MemberListing l = listing;
        Page<GroupMember> page = l.heldPage();
        if (page == null) {
            try {
                SweepRequests requests = l.side() == RequestShare.Side.FEED ? feedRequests : sweepRequests;
                page = requests.membersPage(l.groupId(), l.pageToken(), maxBlock);
            } catch (GroupNotFoundException e) {
                log.info("Group {} answered 404 while its members were listed: it was deleted", l.groupId());
                listing = null;
                return deletion.start(l.known());
            } catch (InvalidRequestException e) {
                if (!e.pageTokenRejected()) {
                    throw e;
                }
                l.restarts().restarting(l.pages(), e);
                log.warn("Member page token of group {} was rejected (expired?); listing its members again from "
                        + "the first page", l.groupId());
                l.restartListing();
                return List.of();
            }
            l.accept(page);
            progress.stats().membersSeen(page.items().size());
        }

        RecordBatch batch = progress.newBatch();
        if (pageChanges.addBucketsFor(page, l, batch)) {
            batch.continuesChange();
            return gate.emit(batch);
        }
        pageChanges.emit(page, l, batch);
        if (!page.isLast()) {
            l.nextPage(page.nextPage());
            batch.continuesChange();
            return gate.emit(batch);
        }
        return finishListing(l, batch);
    }

    /**
     * After the last page: the known members no listing returned are deleted, once the listing
     * proves they are gone, or the feed reported their removal before the listing started (else the
     * group is listed once more first).
     */
    private List<SourceRecord> finishListing(MemberListing l, RecordBatch batch) {
        List<String> absent = l.absentMembers();
        if (!l.provesAbsence()) {
            // An absence in an earlier listing confirms nothing when rows without a usable id may hide anyone.
            List<String> unconfirmed = absent.stream()
                    .filter(userId -> !evidence.removalConfirmed(l.groupId(), userId, l.startedAfter())
                            && (l.hadUnusableRows() || !evidence.absentBefore(l.groupId(), userId))).toList();
            if (!unconfirmed.isEmpty() && l.side() == RequestShare.Side.SWEEP && l.mayRelist()) {
                log.debug("Group {}: {} members missing from a {}-page listing without the feed reporting their "
                        + "removal; listing again to confirm", l.groupId(), unconfirmed.size(), l.pages());
                l.relist();
                batch.continuesChange();
                return gate.emit(batch);
            }
            if (!unconfirmed.isEmpty()) {
                // A refresh: most such members were removed while it listed, their activities on the way,
                // which queue the group's next refresh anyway. That listing confirms them; one is queued
                // for them in any case (not when rows without a usable id keep any listing from confirming
                // them: the sweep's two listings do). Not synced in the running sweep's eyes either, which
                // lists the group before it completes; and no checksum part, the group's members being
                // undecided. A sweep's second listing that skipped another number of such rows: kept too.
                boolean refresh = l.side() == RequestShare.Side.FEED;
                log.debug("Group {}: {} members missing from a {}-page listing without the feed reporting their "
                        + "removal; the group's next listing decides", l.groupId(), unconfirmed.size(), l.pages());
                finish(l, batch, absent.stream().filter(userId -> !unconfirmed.contains(userId)).toList(), !refresh,
                        unconfirmed.size());
                if (refresh && !l.hadUnusableRows()) {
                    evidence.absentUnconfirmed(l.groupId(), unconfirmed);
                }
                named.members(l.groupId(), unconfirmed.stream().filter(l::named).toList());
                return gate.emit(batch);   // the group's change ends here
            }
        }
        finish(l, batch, absent, true, 0);
        return gate.emit(batch);   // the group's change ends here
    }

    /**
     * The sync's end: the absent members deleted, the group synced unless some absences wait for a decision.
     *
     * @param kept members missing from the listing whose absence it could not prove
     */
    private void finish(MemberListing l, RecordBatch batch, List<String> absent, boolean decided, int kept) {
        unusableRows.listed(l.groupId(), l.unusableRows(), kept, progress.cursor().sweep());
        ChangeMetadata deleted = progress.metadata(ChangeType.DELETED);
        for (String userId : absent) {
            if (l.known().bucketOf(userId) >= 0) {
                deletion.deleteMember(batch, l.known(), userId, deleted);
            } else {
                deletion.deleteUnknownMember(batch, l.groupId(), userId, deleted);
            }
        }
        Long membersDigest = l.membersDigest();
        if (membersDigest != null) {
            batch.state().listingCompleted(l.known(), new GroupDigest(records.groupDigest(l.group()), membersDigest));
        }
        listing = null;
        evidence.listingCompleted(l.groupId(), l.startedAfter());
        if (decided) {
            coverage.markSynced(l.groupId());
            l.completion().synced(l.groupId(), batch);
        }
    }

}
