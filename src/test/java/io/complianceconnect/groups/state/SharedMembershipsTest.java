package io.complianceconnect.groups.state;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Memberships of users who are in many groups at once, changed at random and compared with a plain
 * model: every group answers exactly the fingerprints it was given (so a change is detected exactly
 * when it was before), each bucket's offset holds exactly the members placed in it, and a restart
 * from those offsets restores the same. Users leave and come back, groups empty out and are removed.
 */
class SharedMembershipsTest {

    @Test
    void groupsSharingUsersKeepTheirOwnMembershipsThroughChangesAndARestart() {
        DirectoryState state = new DirectoryState();
        Map<String, Map<String, Long>> model = new TreeMap<>();
        Map<Map<String, Object>, Map<String, Object>> store = new HashMap<>();
        Random random = new Random(7);
        List<String> users = new ArrayList<>();
        for (int u = 0; u < 300; u++) {
            users.add("user_" + Integer.toString(u * 7919, 36));
        }

        for (int round = 0; round < 150; round++) {
            StateBatch batch = new StateBatch(state);
            Set<Map<String, Object>> touched = new HashSet<>();
            if (model.size() < 12 && random.nextInt(3) == 0) {
                String id = "rbac_group_" + round;
                touched.add(batch.announceGroup(id));
                model.put(id, new HashMap<>());
            }
            for (String groupId : model.keySet()) {
                GroupState g = state.get(groupId);
                Map<String, Long> expected = model.get(groupId);
                for (int c = random.nextInt(40); c > 0; c--) {
                    String user = users.get(random.nextInt(users.size()));
                    if (expected.containsKey(user) && random.nextInt(3) == 0) {
                        touched.add(batch.removeMember(g, user));
                        expected.remove(user);
                    } else {
                        long fp = 1 + random.nextInt(1_000);
                        touched.add(batch.putMember(g, user, fp));
                        expected.put(user, fp);
                    }
                }
            }
            String emptied = model.entrySet().stream().filter(e -> e.getValue().isEmpty()).map(Map.Entry::getKey)
                    .findFirst().orElse(null);
            if (emptied != null && random.nextInt(4) == 0) {
                touched.add(batch.removeGroup(state.get(emptied)));
                model.remove(emptied);
            }
            touched.forEach(p -> store.put(p, batch.offsetAfter(p)));
            assertMatches(state, model, users, store, "round " + round);
        }

        DirectoryState restored = DirectoryState.load(partitions -> {
            Map<Map<String, Object>, Map<String, Object>> found = new HashMap<>();
            partitions.forEach(p -> found.put(p, store.get(p)));
            return found;
        });
        assertMatches(restored, model, users, store, "after a restart");
        assertThat(model).hasSizeGreaterThan(5);
    }

    @Test
    void aUserRemovedFromOneGroupStaysInTheOthersAndMayComeBack() {
        DirectoryState state = new DirectoryState();
        StateBatch batch = new StateBatch(state);
        batch.announceGroup("a");
        batch.announceGroup("b");
        GroupState a = state.get("a");
        GroupState b = state.get("b");
        batch.putMember(a, "user_shared", 11);
        batch.putMember(b, "user_shared", 22);

        batch.removeMember(a, "user_shared");
        assertThat(a.memberFingerprint("user_shared")).isEqualTo(Fingerprints.UNKNOWN);
        assertThat(a.bucketOf("user_shared")).isEqualTo(-1);
        assertThat(b.memberFingerprint("user_shared")).isEqualTo(22);

        batch.removeMember(b, "user_shared");
        batch.putMember(b, "user_other", 33);
        batch.putMember(a, "user_shared", 44);
        assertThat(a.memberFingerprint("user_shared")).isEqualTo(44);
        assertThat(b.memberFingerprint("user_shared")).isEqualTo(Fingerprints.UNKNOWN);
        assertThat(b.memberFingerprint("user_other")).isEqualTo(33);
        assertThat(a.sortedMemberIds()).containsExactly("user_shared");
        assertThat(b.sortedMemberIds()).containsExactly("user_other");
    }

    private static void assertMatches(DirectoryState state, Map<String, Map<String, Long>> model, List<String> users,
                                      Map<Map<String, Object>, Map<String, Object>> store, String when) {
        assertThat(state.groupCount()).as(when).isEqualTo(model.size());
        assertThat(state.membershipCount()).as(when)
                .isEqualTo(model.values().stream().mapToLong(Map::size).sum());
        model.forEach((groupId, expected) -> {
            GroupState g = state.get(groupId);
            Map<String, Long> answered = new HashMap<>();
            for (String user : users) {
                long fp = g.memberFingerprint(user);
                if (fp != Fingerprints.UNKNOWN) {
                    answered.put(user, fp);
                }
            }
            assertThat(answered).as("%s: fingerprints %s answers", when, groupId).isEqualTo(expected);
            assertThat(g.sortedMemberIds()).as(when).isEqualTo(expected.keySet().stream().sorted()
                    .toArray(String[]::new));
            Map<String, Long> stored = new HashMap<>();
            List<String> misplaced = new ArrayList<>();
            for (int bucket = 0; bucket < g.bucketCount(); bucket++) {
                Map<String, Object> offset = store.get(StatePartitions.members(groupId, bucket));
                if (offset == null) {
                    continue;
                }
                int b = bucket;
                DirectoryState.forEachMemberEntry(when, offset, (user, fp, fd) -> {
                    if (g.bucketOf(user) != b) {
                        misplaced.add(user);
                    }
                    stored.put(user, fp);
                });
            }
            assertThat(stored).as("%s: stored members of %s", when, groupId).isEqualTo(expected);
            assertThat(misplaced).as("%s: members stored in a bucket other than their own", when).isEmpty();
        });
        assertThat(state.groups()).extracting(GroupState::id).as(when)
                .containsExactlyInAnyOrderElementsOf(model.keySet());
    }
}
