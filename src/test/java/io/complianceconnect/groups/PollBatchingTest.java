package io.complianceconnect.groups;

import io.complianceconnect.groups.simulator.ComplianceApiSimulator;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What one {@code poll()} returns, run as the worker runs the task (each returned record
 * acknowledged before the next poll): as many steps' records as are ready, because the worker's
 * work per poll grows with the source partitions whose offsets wait for the next flush (one per
 * member bucket, thousands in a snapshot), so one step a poll made that work the end-to-end bound;
 * and never records that must reach Kafka in order in one poll (a group's membership deletions, then
 * the group's).
 */
@Timeout(60)
class PollBatchingTest {

    private static final String KEY = "poll-batching-key";
    private static final int GROUPS = 40;

    private final ComplianceApiSimulator simulator = ComplianceApiSimulator.builder().apiKey(KEY).seed(5).start();
    private final ComplianceGroupsSourceTask task = new ComplianceGroupsSourceTask();
    private final List<List<SourceRecord>> polls = new ArrayList<>();

    @AfterEach
    void stop() {
        task.stop();
        simulator.close();
    }

    @Test
    void aPollReturnsTheRecordsOfManyGroupsWhenTheApiAnswersAtOnce() throws Exception {
        simulator.directory().populate(GROUPS, 3);
        startTask();
        pollUntil(r -> "SWEEP_COMPLETED".equals(event(r)));

        long withRecords = polls.stream().filter(p -> !p.isEmpty()).count();
        long groupRecords = polls.stream().flatMap(List::stream).filter(r -> field(r, "id") != null).count();
        assertThat(groupRecords).isEqualTo(GROUPS);
        assertThat(withRecords).as("polls that returned the snapshot's records (one step a poll takes two or more a group)")
                .isLessThan(GROUPS / 4);
    }

    @Test
    void aGroupsDeletionIsReturnedInALaterPollThanItsMembershipDeletions() throws Exception {
        simulator.directory().populate(GROUPS, 3);
        startTask();
        pollUntil(r -> "SWEEP_COMPLETED".equals(event(r)));
        String deleted = simulator.directory().groups().get(7).id();
        simulator.directory().deleteGroup(deleted);
        polls.clear();

        pollUntil(r -> deleted.equals(field(r, "id")) && "DELETED".equals(field(r, "change_type")));
        int groupPoll = -1;
        int lastMemberPoll = -1;
        for (int i = 0; i < polls.size(); i++) {
            for (SourceRecord r : polls.get(i)) {
                if (deleted.equals(field(r, "group_id")) && "DELETED".equals(field(r, "change_type"))) {
                    lastMemberPoll = i;
                } else if (deleted.equals(field(r, "id"))) {
                    groupPoll = i;
                }
            }
        }
        assertThat(lastMemberPoll).as("the poll of the group's membership deletions").isGreaterThanOrEqualTo(0);
        assertThat(groupPoll).as("the poll of the group's DELETED, after every membership deletion was acknowledged")
                .isGreaterThan(lastMemberPoll);
    }

    private void startTask() {
        Map<Map<String, Object>, Map<String, Object>> noOffsets = new HashMap<>();
        task.initialize(TaskContexts.reading(noOffsets));
        task.start(ConnectorConfigBuilder.forApi(simulator.baseUrl().toString(), KEY).pageSize(100)
                .sweepIntervalMs(100).requestsPerMinute(0).build());
    }

    /** Polls as the worker does, acknowledging what each poll returned before the next, until {@code last} is returned. */
    private void pollUntil(Predicate<SourceRecord> last) throws InterruptedException {
        while (true) {
            List<SourceRecord> records = task.poll();
            records = records == null ? List.of() : records;
            polls.add(records);
            for (SourceRecord r : records) {
                task.commitRecord(r, null);
            }
            if (records.stream().anyMatch(last)) {
                return;
            }
        }
    }

    private static Object field(SourceRecord r, String name) {
        if (!(r.value() instanceof Struct s) || s.schema().field(name) == null) {
            return null;
        }
        return s.get(name);
    }

    private static Object event(SourceRecord r) {
        return field(r, "event");
    }
}
