package io.complianceconnect.groups.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The directory model on its own: mutations, snapshots and generated data. */
class DirectoryTest {

    private static final Instant NOW = Instant.parse("2026-02-01T12:00:00.123456Z");

    private final MutableClock clock = new MutableClock(NOW);
    private final Directory directory = new Directory(clock, 11);

    @Test
    void createdGroupsGetTaggedIdsTimestampsAndKeepInsertionOrder() {
        String a = directory.createGroup("Zeta");
        String b = directory.createGroup("Alpha", null, "okta_custom", null);

        assertThat(a).startsWith("rbac_group_").hasSize("rbac_group_".length() + 22);
        assertThat(directory.groups()).extracting(SimGroup::id).containsExactly(a, b);
        SimGroup zeta = directory.group(a).orElseThrow();
        assertThat(zeta).isEqualTo(new SimGroup(a, "Zeta", "", "direct", NOW, NOW, List.of(), Map.of()));
        SimGroup alpha = directory.group(b).orElseThrow();
        assertThat(alpha.description()).isNull();
        assertThat(alpha.sourceType()).isEqualTo("okta_custom");
        assertThat(alpha.roles()).isNull();
        assertThat(directory.groupCount()).isEqualTo(2);
    }

    @Test
    void renameAndUpdateBumpUpdatedAtEvenUnderAStillClock() {
        String id = directory.createGroup("Old");
        directory.renameGroup(id, "New");
        SimGroup renamed = directory.group(id).orElseThrow();
        directory.updateGroup(id, "Now with roles", List.of("role_x"));
        SimGroup updated = directory.group(id).orElseThrow();
        clock.advance(Duration.ofHours(1));
        directory.renameGroup(id, "Newer");

        assertThat(renamed.name()).isEqualTo("New");
        assertThat(renamed.updatedAt()).isAfter(NOW);
        assertThat(updated.updatedAt()).isAfter(renamed.updatedAt());
        assertThat(updated.description()).isEqualTo("Now with roles");
        assertThat(updated.roles()).containsExactly("role_x");
        assertThat(updated.createdAt()).isEqualTo(NOW);
        assertThat(directory.group(id).orElseThrow().updatedAt()).isEqualTo(NOW.plus(Duration.ofHours(1)));
    }

    @Test
    void deletingAGroupTakesItsMembershipsAlong() {
        String kept = directory.createGroup("Kept");
        String gone = directory.createGroup("Gone");
        String user = directory.addMember(gone, "shared@example.com");
        directory.addMember(kept, user, "shared@example.com");
        directory.addMember(gone, "only@example.com");

        directory.deleteGroup(gone);

        assertThat(directory.groups()).extracting(SimGroup::id).containsExactly(kept);
        assertThat(directory.membershipCount()).isEqualTo(1);
        assertThat(directory.groupsOfUser(user)).containsExactly(kept);
        assertThatThrownBy(() -> directory.members(gone)).isInstanceOf(NoSuchElementException.class);
        assertThat(directory.group(gone)).isEmpty();
    }

    @Test
    void membersAreListedInTheOrderTheyJoinedWithTheGroupIdFilledIn() {
        String group = directory.createGroup("Support");
        String first = directory.addMember(group, "first@example.com");
        clock.advance(Duration.ofSeconds(5));
        directory.addMember(group, "user_fixed", "second@example.com");

        assertThat(first).startsWith("user_");
        assertThat(directory.members(group)).containsExactly(
                new SimMember(group, first, "first@example.com", NOW, NOW, Map.of()),
                new SimMember(group, "user_fixed", "second@example.com", NOW.plusSeconds(5), NOW.plusSeconds(5), Map.of()));
        assertThat(directory.membershipCount()).isEqualTo(2);
    }

    @Test
    void anExistingUserJoinsAnotherGroupOnlyWithTheEmailItHas() {
        String a = directory.createGroup("A");
        String b = directory.createGroup("B");
        String user = directory.addMember(a, "person@example.com");

        assertThatThrownBy(() -> directory.addMember(b, user, "other@example.com"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("example.com"); // never an email in an exception
        assertThatThrownBy(() -> directory.addMember(a, user, "person@example.com"))
                .isInstanceOf(IllegalStateException.class);
        directory.addMember(b, user, "person@example.com");
        assertThat(directory.groupsOfUser(user)).containsExactly(a, b);
    }

    @Test
    void removingAMemberLeavesTheOthersInOrder() {
        String group = directory.createGroup("G");
        String u1 = directory.addMember(group, "1@example.com");
        String u2 = directory.addMember(group, "2@example.com");
        String u3 = directory.addMember(group, "3@example.com");

        directory.removeMember(group, u2);

        assertThat(directory.members(group)).extracting(SimMember::userId).containsExactly(u1, u3);
        assertThat(directory.membershipCount()).isEqualTo(2);
        assertThatThrownBy(() -> directory.removeMember(group, u2)).isInstanceOf(NoSuchElementException.class);
    }

    @Test
    void changingAnEmailChangesEveryMembershipOfThatUserAndBumpsIt() {
        String a = directory.createGroup("A");
        String b = directory.createGroup("B");
        String user = directory.addMember(a, "before@example.com");
        directory.addMember(b, user, "before@example.com");
        String bystander = directory.addMember(a, "bystander@example.com");
        clock.advance(Duration.ofMinutes(3));

        directory.updateMemberEmail(user, "after@example.com");

        for (String group : List.of(a, b)) {
            SimMember member = directory.members(group).stream().filter(m -> m.userId().equals(user)).findFirst().orElseThrow();
            assertThat(member.email()).isEqualTo("after@example.com");
            assertThat(member.updatedAt()).isEqualTo(NOW.plus(Duration.ofMinutes(3)));
            assertThat(member.createdAt()).isEqualTo(NOW);
        }
        SimMember other = directory.members(a).stream().filter(m -> m.userId().equals(bystander)).findFirst().orElseThrow();
        assertThat(other.updatedAt()).isEqualTo(NOW);
    }

    @Test
    void unknownIdsThrowNoSuchElementNamingTheId() {
        String group = directory.createGroup("G");
        assertThatThrownBy(() -> directory.renameGroup("rbac_group_x", "n")).isInstanceOf(NoSuchElementException.class)
                .hasMessageContaining("rbac_group_x");
        assertThatThrownBy(() -> directory.deleteGroup("rbac_group_x")).isInstanceOf(NoSuchElementException.class);
        assertThatThrownBy(() -> directory.addMember("rbac_group_x", "a@example.com")).isInstanceOf(NoSuchElementException.class);
        assertThatThrownBy(() -> directory.updateMemberEmail("user_x", "a@example.com")).isInstanceOf(NoSuchElementException.class);
        assertThatThrownBy(() -> directory.removeMember(group, "user_x")).isInstanceOf(NoSuchElementException.class);
        assertThatThrownBy(() -> directory.setMemberExtraField(group, "user_x", "f", "1")).isInstanceOf(NoSuchElementException.class);
    }

    @Test
    void extraFieldsMustBeOneJsonValueAreNormalizedAndCanBeRemoved() {
        String group = directory.createGroup("G");
        String user = directory.addMember(group, "x@example.com");

        directory.setGroupExtraField(group, "labels", "[ \"a\" , {\"b\" : null} ]");
        directory.setMemberExtraField(group, user, "seat", "  \"pro\" ");

        assertThat(directory.group(group).orElseThrow().extra()).containsExactly(Map.entry("labels", "[\"a\",{\"b\":null}]"));
        assertThat(directory.members(group).get(0).extra()).containsExactly(Map.entry("seat", "\"pro\""));
        assertThatThrownBy(() -> directory.setGroupExtraField(group, "bad", "{not json")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> directory.setGroupExtraField(group, "two", "1 2")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> directory.setGroupExtraField(group, "empty", "")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> directory.setGroupExtraField(group, "name", "\"x\"")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> directory.setMemberExtraField(group, user, "email", "\"x\"")).isInstanceOf(IllegalArgumentException.class);

        directory.setGroupExtraField(group, "labels", null);
        assertThat(directory.group(group).orElseThrow().extra()).isEmpty();
    }

    @Test
    void populateIsDeterministicFromTheSeed() {
        Directory same = new Directory(new MutableClock(NOW), 11);
        Directory other = new Directory(new MutableClock(NOW), 12);
        for (Directory d : List.of(directory, same, other)) {
            d.populate(40, 4);
        }

        assertThat(same.groups()).isEqualTo(directory.groups());
        assertThat(same.members(same.groups().get(9).id())).isEqualTo(directory.members(directory.groups().get(9).id()));
        assertThat(other.groups()).extracting(SimGroup::id).doesNotContainAnyElementsOf(
                directory.groups().stream().map(SimGroup::id).toList());
    }

    @Test
    void populatedDataLooksLikeARealDirectory() {
        directory.populate(1_000, index -> index % 10);

        List<SimGroup> groups = directory.groups();
        assertThat(groups).hasSize(1_000);
        assertThat(directory.membershipCount()).isEqualTo(4_500);
        assertThat(groups).extracting(SimGroup::sourceType).contains("scim", "direct").containsOnly("scim", "direct");
        assertThat(groups).extracting(SimGroup::id).doesNotHaveDuplicates().allMatch(id -> id.startsWith("rbac_group_"));
        assertThat(groups).extracting(SimGroup::name).allMatch(name -> !name.isBlank());
        assertThat(groups.stream().map(SimGroup::name).distinct().count()).isGreaterThan(300);
        assertThat(groups).extracting(SimGroup::description).contains("");
        long nullTimestamps = groups.stream().filter(g -> g.createdAt() == null && g.updatedAt() == null).count();
        long nullRoles = groups.stream().filter(g -> g.roles() == null).count();
        assertThat(nullTimestamps).isBetween(5L, 80L); // "a few percent"
        assertThat(nullRoles).isBetween(5L, 100L);
        assertThat(groups).filteredOn(g -> g.roles() != null && !g.roles().isEmpty()).isNotEmpty();
        assertThat(groups).filteredOn(g -> g.createdAt() != null).allSatisfy(g -> {
            assertThat(g.createdAt()).isBetween(NOW.minus(Duration.ofDays(731)), NOW);
            assertThat(g.updatedAt()).isBetween(g.createdAt(), NOW);
        });

        Map<String, String> emailOfUser = new HashMap<>();
        Map<String, Integer> groupsOfUser = new HashMap<>();
        long nullMemberTimestamps = 0;
        for (int i = 0; i < groups.size(); i++) {
            List<SimMember> members = directory.members(groups.get(i).id());
            assertThat(members).hasSize(i % 10);
            assertThat(members).extracting(SimMember::userId).doesNotHaveDuplicates();
            for (SimMember member : members) {
                assertThat(member.email()).matches("[a-z-]+\\.[a-z-]+[0-9]*@example\\.com");
                String previous = emailOfUser.putIfAbsent(member.userId(), member.email());
                assertThat(previous == null || previous.equals(member.email())).isTrue();
                groupsOfUser.merge(member.userId(), 1, Integer::sum);
                nullMemberTimestamps += member.createdAt() == null ? 1 : 0;
            }
        }
        assertThat(new HashSet<>(emailOfUser.values())).hasSameSizeAs(emailOfUser.keySet()); // unique per user
        assertThat(groupsOfUser.values()).anyMatch(count -> count > 1); // users share groups
        assertThat(nullMemberTimestamps).isPositive().isLessThan(300);
    }

    @Test
    void populateAppendsAfterExistingGroups() {
        String first = directory.createGroup("Hand made");
        directory.populate(3, 2);
        directory.populate(2, 1);

        assertThat(directory.groups()).hasSize(6).first().extracting(SimGroup::id).isEqualTo(first);
        assertThat(directory.membershipCount()).isEqualTo(8);
        assertThatThrownBy(() -> directory.populate(2, index -> -1)).isInstanceOf(IllegalArgumentException.class);
        assertThat(directory.groupCount()).isEqualTo(6);
    }

    @Test
    void listingSlicesFollowTheOffsetAndFilter() {
        List<String> ids = new ArrayList<>();
        for (String name : List.of("Eng A", "Ops", "Eng B", "Eng C", "Sales")) {
            ids.add(directory.createGroup(name));
        }

        Directory.Slice<SimGroup> engFirst = directory.listGroups("Eng", 0, 2);
        Directory.Slice<SimGroup> engRest = directory.listGroups("Eng", 2, 2);
        Directory.Slice<SimGroup> past = directory.listGroups("", 7, 2);

        assertThat(engFirst.items()).extracting(SimGroup::id).containsExactly(ids.get(0), ids.get(2));
        assertThat(engFirst.hasMore()).isTrue();
        assertThat(engRest.items()).extracting(SimGroup::id).containsExactly(ids.get(3));
        assertThat(engRest.hasMore()).isFalse();
        assertThat(past.items()).isEmpty();
        assertThat(past.hasMore()).isFalse();
        assertThat(directory.listMembers("rbac_group_none", 0, 5)).isEmpty();
    }

    @Test
    void concurrentWritersAndReadersSeeAConsistentDirectory() throws Exception {
        directory.populate(20, 5);
        List<String> ids = directory.groups().stream().map(SimGroup::id).toList();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> work = new ArrayList<>();
            for (int t = 0; t < 3; t++) {
                int thread = t;
                work.add(pool.submit(() -> {
                    for (int i = 0; i < 200; i++) {
                        directory.addMember(ids.get(i % ids.size()), "w" + thread + "-" + i + "@example.com");
                    }
                }));
            }
            work.add(pool.submit(() -> {
                for (int i = 0; i < 200; i++) {
                    long listed = directory.groups().stream().mapToLong(g -> directory.members(g.id()).size()).sum();
                    assertThat(listed).isBetween(100L, 700L);
                }
            }));
            for (Future<?> future : work) {
                future.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(directory.membershipCount()).isEqualTo(700);
        Set<String> users = new HashSet<>();
        ids.forEach(id -> directory.members(id).forEach(m -> users.add(Objects.requireNonNull(m.userId()))));
        assertThat(users).hasSizeGreaterThanOrEqualTo(600);
    }
}
