package io.complianceconnect.groups.sweep;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rule by which an acknowledged record counts as committed under at-least-once delivery: it
 * was acknowledged before a poll began, the worker moved it into its offsets to commit before the
 * next poll, and a flush that started after a later {@code commit()} call wrote it.
 */
class CommitTrackerTest {

    private final AckTracker acks = new AckTracker();

    @Test
    void anAcknowledgedRecordIsCommittedAtTheSecondCommitAfterTheNextPoll() {
        CommitTracker commits = new CommitTracker(acks, false);
        long first = acks.issue();
        acks.acknowledge(first);
        commits.flushed();
        assertThat(commits.committedThrough()).as("acknowledged, but not yet in the offsets to commit").isZero();

        commits.pollStarted();   // acknowledged before this poll began...
        commits.pollStarted();   // ...so in the offsets to commit before this one
        commits.flushed();       // that flush may have begun before: not proof yet
        assertThat(commits.committedThrough()).isZero();
        commits.flushed();       // this flush began after the previous commit(): it wrote the offsets
        assertThat(commits.committedThrough()).isEqualTo(first);
    }

    @Test
    void withoutPollsNothingMovesIntoTheOffsetsToCommit() {
        CommitTracker commits = new CommitTracker(acks, false);
        acks.acknowledge(acks.issue());
        for (int i = 0; i < 5; i++) {
            commits.flushed();
        }
        assertThat(commits.committedThrough()).isZero();
    }

    @Test
    void underExactlyOnceAnAcknowledgedRecordIsCommitted() throws Exception {
        CommitTracker commits = new CommitTracker(acks, true);
        long first = acks.issue();
        assertThat(commits.awaitCommitted(first, 0)).isFalse();
        acks.acknowledge(first);
        assertThat(commits.committedThrough()).isEqualTo(first);
        assertThat(commits.awaitCommitted(first, 0)).isTrue();
    }

    @Test
    void aCommitFromTheCommitterThreadWakesAWaitingPoll() throws Exception {
        CommitTracker commits = new CommitTracker(acks, false);
        long first = acks.issue();
        acks.acknowledge(first);
        commits.pollStarted();
        commits.pollStarted();
        commits.flushed();
        Thread committer = new Thread(() -> {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            commits.flushed();
        });
        committer.start();
        assertThat(commits.awaitCommitted(first, 10_000)).isTrue();
        committer.join();
    }
}
