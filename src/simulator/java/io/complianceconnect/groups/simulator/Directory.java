package io.complianceconnect.groups.simulator;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.IntUnaryOperator;
import java.util.function.Supplier;

/**
 * The simulated directory: groups, users and memberships, in insertion order (the order the API lists
 * them). All methods are thread-safe; the HTTP handlers read it while tests and the admin API change
 * it. Unknown group, user or membership ids throw {@link NoSuchElementException}; bad arguments
 * {@link IllegalArgumentException}; a user added twice to a group {@link IllegalStateException}.
 * Exception messages name ids, never emails.
 *
 * <p>Timestamps come from the simulator's clock at microsecond precision. Every change that "bumps"
 * {@code updated_at} moves it strictly forward (at least 1 µs past the old value), so a change is
 * visible even under a fixed test clock.
 *
 * <p>Each mutation records its activity in the {@link #activityFeed()}, at the mutation's time:
 * {@code group_created}, {@code group_updated} (rename and update), {@code group_deleted},
 * {@code group_member_added}, {@code group_member_removed} and {@code scim_user_updated} (an email
 * change). The actor is the {@linkplain ActivityFeed#directorySync() SCIM sync} for groups of source
 * type {@code scim} and for email changes, else the {@linkplain ActivityFeed#directoryAdmin() admin}.
 * {@link #populate} records nothing: it is the directory as it was before the feed began. Extra
 * fields are a simulator knob and record nothing either.
 *
 * <p>This class is the public face: it checks arguments and holds the lock. The data is a
 * {@link DirectoryStore}, each change is applied by {@link DirectoryChanges} (which records its
 * activity through {@link DirectoryActivities}), {@link #populate} is a {@link SamplePopulation}, and
 * extra fields are checked by {@link ExtraFields}.
 */
public final class Directory {

    /** A page cut from a listing: the items and whether more follow. */
    record Slice<T>(List<T> items, boolean hasMore) {
    }

    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final Clock clock;
    // The store and the population share one random, guarded by the write lock: ids and sample data
    // are drawn from it in call order, which is what makes a seeded directory reproducible.
    private final DirectoryStore store;
    private final SamplePopulation population;
    private final ActivityFeed feed;
    private final DirectoryChanges changes;
    private final ExtraFields extraFields = new ExtraFields();

    /** A directory with a feed of its own: no visibility delay, no noise. */
    Directory(Clock clock, long seed) {
        this(clock, seed, new ActivityFeed(clock, seed, Duration.ZERO, false));
    }

    Directory(Clock clock, long seed, ActivityFeed feed) {
        this.clock = clock;
        Random random = new Random(seed);
        this.store = new DirectoryStore(random);
        this.population = new SamplePopulation(store, random);
        this.feed = feed;
        this.changes = new DirectoryChanges(clock, store, new DirectoryActivities(feed));
    }

    /** Where the mutations are recorded. */
    public ActivityFeed activityFeed() {
        return feed;
    }

    // ---- groups --------------------------------------------------------------------------------

    /** A group created in the admin UI: empty description, source type {@code direct}, no roles. */
    public String createGroup(String name) {
        return createGroup(name, "", DirectoryStore.SOURCE_DIRECT, List.of());
    }

    /**
     * A new group at the end of the listing. {@code description}, {@code sourceType} and
     * {@code roles} may be null (served as JSON null).
     *
     * @return the new id, {@code rbac_group_<random>}
     */
    public String createGroup(String name, String description, String sourceType, List<String> roles) {
        requireName(name);
        return write(() -> changes.createGroup(name, description, sourceType, roles));
    }

    public void renameGroup(String groupId, String newName) {
        requireName(newName);
        write(() -> changes.renameGroup(groupId, newName));
    }

    /** Replaces description and roles (either may be null). */
    public void updateGroup(String groupId, String description, List<String> roles) {
        List<String> copy = roles == null ? null : List.copyOf(roles);
        write(() -> changes.updateGroup(groupId, description, copy));
    }

    /** Removes the group and its memberships; later groups move up one place in the listing. */
    public void deleteGroup(String groupId) {
        write(() -> changes.deleteGroup(groupId));
    }

    // ---- members -------------------------------------------------------------------------------

    /**
     * A new user, in this group.
     *
     * @return the new user id, {@code user_<random>}
     */
    public String addMember(String groupId, String email) {
        requireEmail(email);
        return write(() -> changes.addNewMember(groupId, email));
    }

    /**
     * Puts a user into a group. An unknown {@code userId} creates that user with {@code email}; a
     * known one must come with the email it already has (change it with {@link #updateMemberEmail}).
     */
    public void addMember(String groupId, String userId, String email) {
        Objects.requireNonNull(userId, "userId");
        requireEmail(email);
        write(() -> changes.addMember(groupId, userId, email));
    }

    public void removeMember(String groupId, String userId) {
        write(() -> changes.removeMember(groupId, userId));
    }

    /** Changes a user's email in every group the user is in, bumping each membership's {@code updated_at}. */
    public void updateMemberEmail(String userId, String newEmail) {
        requireEmail(newEmail);
        write(() -> changes.updateMemberEmail(userId, newEmail));
    }

    // ---- roles, failed bulk changes, leaving users (activities without a group_updated) ----------

    /** {@code rbac_role_assigned} to the group (principal_type {@code group}): the role joins its {@code roles}. */
    public void assignRole(String groupId, String roleId) {
        write(() -> changes.assignRole(groupId, Objects.requireNonNull(roleId, "roleId"), true));
    }

    /** {@code rbac_role_unassigned} from the group: the role leaves its {@code roles}. */
    public void unassignRole(String groupId, String roleId) {
        write(() -> changes.assignRole(groupId, Objects.requireNonNull(roleId, "roleId"), false));
    }

    /** {@code rbac_role_deleted}: the role leaves the {@code roles} of every group; one activity, no group named. */
    public void deleteRole(String roleId) {
        write(() -> changes.deleteRole(Objects.requireNonNull(roleId, "roleId")));
    }

    /**
     * A bulk addition that failed part-way: the first {@code appliedBeforeFailure} of {@code userIds} (each
     * created with a generated email when unknown) join; one {@code group_member_addition_failed} names them all.
     */
    public void addMembersFailing(String groupId, List<String> userIds, int appliedBeforeFailure) {
        write(() -> changes.changeMembersFailing(groupId, List.copyOf(userIds), appliedBeforeFailure, true));
    }

    /** As {@link #addMembersFailing}, for a removal: {@code group_member_removal_failed}. */
    public void removeMembersFailing(String groupId, List<String> userIds, int appliedBeforeFailure) {
        write(() -> changes.changeMembersFailing(groupId, List.copyOf(userIds), appliedBeforeFailure, false));
    }

    /** {@code group_visibility_updated}: the group's {@code visibility} (an extra field) becomes this string. */
    public void setGroupVisibility(String groupId, String visibility) {
        String json = extraFields.string(Objects.requireNonNull(visibility, "visibility"));
        write(() -> changes.setVisibility(groupId, json));
    }

    /**
     * The user leaves the organisation and every group: {@code org_user_deleted} ({@code deleted_user_id})
     * when removed by an admin, {@code org_user_left} (the user as the actor) when they left themselves.
     */
    public void removeUserFromOrganisation(String userId, boolean leftThemselves) {
        write(() -> changes.removeUser(userId, leftThemselves));
    }

    /** Whether membership activities name one {@code member_id}, as before revision G, instead of {@code member_ids}. */
    public void membershipActivitiesBeforeRevisionG(boolean singleMemberId) {
        write(() -> changes.singleMemberId(singleMemberId));
    }

    // ---- unknown fields ------------------------------------------------------------------------

    /**
     * An extra field served in the group's JSON, e.g. {@code ("tier", "\"gold\"")}. {@code jsonText}
     * must be one JSON value; it is stored (and returned by {@link #groups()}) in Jackson's compact
     * form. A null {@code jsonText} removes the field. Documented field names are refused.
     */
    public void setGroupExtraField(String groupId, String name, String jsonText) {
        ExtraFields.requireName(name, ExtraFields.GROUP_FIELDS);
        String normalized = extraFields.normalize(jsonText);
        write(() -> changes.setGroupExtraField(groupId, name, normalized));
    }

    /** As {@link #setGroupExtraField}, for one membership's JSON object. */
    public void setMemberExtraField(String groupId, String userId, String name, String jsonText) {
        ExtraFields.requireName(name, ExtraFields.MEMBER_FIELDS);
        String normalized = extraFields.normalize(jsonText);
        write(() -> changes.setMemberExtraField(groupId, userId, name, normalized));
    }

    // ---- bulk data -----------------------------------------------------------------------------

    /** Appends {@code groups} groups of {@code membersPerGroup} members each; see the other overload. */
    public void populate(int groups, int membersPerGroup) {
        if (membersPerGroup < 0) {
            throw new IllegalArgumentException("membersPerGroup must not be negative");
        }
        populate(groups, index -> membersPerGroup);
    }

    /**
     * Appends {@code groups} groups; group {@code i} (0-based within this call) gets
     * {@code membersOfGroupIndex.applyAsInt(i)} members. Names, descriptions, source types
     * ({@code scim} and {@code direct}), roles, user ids and unique emails follow from the seed;
     * timestamps lie in the two years before the clock's now; about 3% of groups have null
     * timestamps, about 4% null roles, about 2% of memberships null timestamps. Users are drawn from
     * a pool about 0.6 times the number of memberships, so many users are in several groups.
     */
    public void populate(int groups, IntUnaryOperator membersOfGroupIndex) {
        SamplePopulation.Plan plan = SamplePopulation.plan(groups, membersOfGroupIndex);
        write(() -> population.append(plan, MicroTimestamps.now(clock)));
    }

    // ---- reading -------------------------------------------------------------------------------

    /** A snapshot of all groups in listing order. */
    public List<SimGroup> groups() {
        return read(store::groups);
    }

    /** One group, if it exists. */
    public Optional<SimGroup> group(String groupId) {
        return read(() -> store.group(groupId));
    }

    /** A snapshot of a group's members in listing order, each with the group id filled in. */
    public List<SimMember> members(String groupId) {
        return read(() -> store.members(groupId));
    }

    /** The ids of the groups {@code userId} is in, in the order the user joined them. */
    public List<String> groupsOfUser(String userId) {
        return read(() -> store.groupsOfUser(userId));
    }

    public int groupCount() {
        return read(store::groupCount);
    }

    public long membershipCount() {
        return read(store::membershipCount);
    }

    /** Groups whose name starts with {@code namePrefix} (case-sensitive), from {@code offset}. */
    Slice<SimGroup> listGroups(String namePrefix, int offset, int limit) {
        return read(() -> store.listGroups(namePrefix, offset, limit));
    }

    /** A group's members from {@code offset}, or empty if the group does not exist. */
    Optional<Slice<SimMember>> listMembers(String groupId, int offset, int limit) {
        return read(() -> store.listMembers(groupId, offset, limit));
    }

    // ---- internals -----------------------------------------------------------------------------

    private <T> T read(Supplier<T> action) {
        lock.readLock().lock();
        try {
            return action.get();
        } finally {
            lock.readLock().unlock();
        }
    }

    private <T> T write(Supplier<T> action) {
        lock.writeLock().lock();
        try {
            return action.get();
        } finally {
            lock.writeLock().unlock();
        }
    }

    private void write(Runnable action) {
        write(() -> {
            action.run();
            return null;
        });
    }

    private static void requireName(String name) {
        if (name == null) {
            throw new IllegalArgumentException("group name is required");
        }
    }

    private static void requireEmail(String email) {
        if (email == null || email.isBlank()) {
            throw new IllegalArgumentException("email is required");
        }
    }
}
