package io.complianceconnect.groups.simulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
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
 */
public final class Directory {

    static final String GROUP_ID_PREFIX = "rbac_group_";
    static final String USER_ID_PREFIX = "user_";
    static final String SOURCE_DIRECT = "direct";
    static final String SOURCE_SCIM = "scim";
    private static final Set<String> GROUP_FIELDS =
            Set.of("id", "name", "description", "source_type", "created_at", "updated_at", "roles");
    private static final Set<String> MEMBER_FIELDS = Set.of("user_id", "email", "created_at", "updated_at");
    private static final long NO_TIME = Long.MIN_VALUE;
    private static final long MICROS_PER_DAY = 86_400_000_000L;

    /** A page cut from a listing: the items and whether more follow. */
    record Slice<T>(List<T> items, boolean hasMore) {
    }

    private static final class GroupEntry {
        final String id;
        String name;
        String description;
        String sourceType;
        long createdAt;
        long updatedAt;
        List<String> roles;
        Map<String, String> extra;
        final ArrayList<Membership> members = new ArrayList<>();

        GroupEntry(String id) {
            this.id = id;
        }
    }

    private static final class User {
        final String id;
        String email;
        final List<Membership> memberships = new ArrayList<>(2);

        User(String id, String email) {
            this.id = id;
            this.email = email;
        }
    }

    private static final class Membership {
        final GroupEntry group;
        final User user;
        long createdAt;
        long updatedAt;
        Map<String, String> extra;

        Membership(GroupEntry group, User user, long createdAt, long updatedAt) {
            this.group = group;
            this.user = user;
            this.createdAt = createdAt;
            this.updatedAt = updatedAt;
        }
    }

    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final Clock clock;
    private final Random random; // guarded by the write lock
    private final ObjectMapper json = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private final List<GroupEntry> groupList = new ArrayList<>();
    private final Map<String, GroupEntry> groupsById = new HashMap<>();
    private final Map<String, User> usersById = new HashMap<>();
    private final ActivityFeed feed;
    private long membershipCount;

    /** A directory with a feed of its own: no visibility delay, no noise. */
    Directory(Clock clock, long seed) {
        this(clock, seed, new ActivityFeed(clock, seed, Duration.ZERO, false));
    }

    Directory(Clock clock, long seed, ActivityFeed feed) {
        this.clock = clock;
        this.random = new Random(seed);
        this.feed = feed;
    }

    /** Where the mutations are recorded. */
    public ActivityFeed activityFeed() {
        return feed;
    }

    // ---- groups --------------------------------------------------------------------------------

    /** A group created in the admin UI: empty description, source type {@code direct}, no roles. */
    public String createGroup(String name) {
        return createGroup(name, "", SOURCE_DIRECT, List.of());
    }

    /**
     * A new group at the end of the listing. {@code description}, {@code sourceType} and
     * {@code roles} may be null (served as JSON null).
     *
     * @return the new id, {@code rbac_group_<random>}
     */
    public String createGroup(String name, String description, String sourceType, List<String> roles) {
        requireName(name);
        return write(() -> {
            GroupEntry group = new GroupEntry(newId(GROUP_ID_PREFIX, groupsById.keySet()));
            group.name = name;
            group.description = description;
            group.sourceType = sourceType;
            group.roles = roles == null ? null : List.copyOf(roles);
            group.createdAt = nowMicros();
            group.updatedAt = group.createdAt;
            append(group);
            recordGroupActivity(group, group.createdAt, Activity.GROUP_CREATED, "group_name", group.name);
            return group.id;
        });
    }

    public void renameGroup(String groupId, String newName) {
        requireName(newName);
        write(() -> {
            GroupEntry group = group(groupId, true);
            long now = nowMicros();
            group.name = newName;
            group.updatedAt = bump(group.updatedAt, now);
            recordGroupActivity(group, now, Activity.GROUP_UPDATED);
            return null;
        });
    }

    /** Replaces description and roles (either may be null). */
    public void updateGroup(String groupId, String description, List<String> roles) {
        List<String> copy = roles == null ? null : List.copyOf(roles);
        write(() -> {
            GroupEntry group = group(groupId, true);
            long now = nowMicros();
            group.description = description;
            group.roles = copy;
            group.updatedAt = bump(group.updatedAt, now);
            recordGroupActivity(group, now, Activity.GROUP_UPDATED);
            return null;
        });
    }

    /** Removes the group and its memberships; later groups move up one place in the listing. */
    public void deleteGroup(String groupId) {
        write(() -> {
            GroupEntry group = group(groupId, true);
            groupsById.remove(groupId);
            groupList.remove(group);
            for (Membership membership : group.members) {
                membership.user.memberships.remove(membership);
            }
            membershipCount -= group.members.size();
            recordGroupActivity(group, nowMicros(), Activity.GROUP_DELETED);
            return null;
        });
    }

    // ---- members -------------------------------------------------------------------------------

    /**
     * A new user, in this group.
     *
     * @return the new user id, {@code user_<random>}
     */
    public String addMember(String groupId, String email) {
        requireEmail(email);
        return write(() -> {
            GroupEntry group = group(groupId, true);
            User user = new User(newId(USER_ID_PREFIX, usersById.keySet()), email);
            usersById.put(user.id, user);
            long now = nowMicros();
            join(group, user, now, now);
            recordGroupActivity(group, now, Activity.GROUP_MEMBER_ADDED, "member_ids", List.of(user.id));
            return user.id;
        });
    }

    /**
     * Puts a user into a group. An unknown {@code userId} creates that user with {@code email}; a
     * known one must come with the email it already has (change it with {@link #updateMemberEmail}).
     */
    public void addMember(String groupId, String userId, String email) {
        Objects.requireNonNull(userId, "userId");
        requireEmail(email);
        write(() -> {
            GroupEntry group = group(groupId, true);
            User user = usersById.get(userId);
            if (user == null) {
                user = new User(userId, email);
                usersById.put(userId, user);
            } else if (!user.email.equals(email)) {
                throw new IllegalArgumentException("user " + userId
                        + " exists with another email; change it with updateMemberEmail");
            }
            long now = nowMicros();
            join(group, user, now, now);
            recordGroupActivity(group, now, Activity.GROUP_MEMBER_ADDED, "member_ids", List.of(userId));
            return null;
        });
    }

    public void removeMember(String groupId, String userId) {
        write(() -> {
            GroupEntry group = group(groupId, true);
            Membership membership = membership(group, userId);
            group.members.remove(membership);
            membership.user.memberships.remove(membership);
            membershipCount--;
            recordGroupActivity(group, nowMicros(), Activity.GROUP_MEMBER_REMOVED, "member_ids", List.of(userId));
            return null;
        });
    }

    /** Changes a user's email in every group the user is in, bumping each membership's {@code updated_at}. */
    public void updateMemberEmail(String userId, String newEmail) {
        requireEmail(newEmail);
        write(() -> {
            User user = usersById.get(userId);
            if (user == null) {
                throw new NoSuchElementException("no user " + userId);
            }
            long now = nowMicros();
            user.email = newEmail;
            for (Membership membership : user.memberships) {
                membership.updatedAt = bump(membership.updatedAt, now);
            }
            feed.recordAt(toInstant(now), Activity.SCIM_USER_UPDATED, feed.directorySync(), Map.of("user_id", userId));
            return null;
        });
    }

    // ---- unknown fields ------------------------------------------------------------------------

    /**
     * An extra field served in the group's JSON, e.g. {@code ("tier", "\"gold\"")}. {@code jsonText}
     * must be one JSON value; it is stored (and returned by {@link #groups()}) in Jackson's compact
     * form. A null {@code jsonText} removes the field. Documented field names are refused.
     */
    public void setGroupExtraField(String groupId, String name, String jsonText) {
        requireExtraName(name, GROUP_FIELDS);
        String normalized = normalizeJson(jsonText);
        write(() -> {
            GroupEntry group = group(groupId, true);
            group.extra = withExtra(group.extra, name, normalized);
            return null;
        });
    }

    /** As {@link #setGroupExtraField}, for one membership's JSON object. */
    public void setMemberExtraField(String groupId, String userId, String name, String jsonText) {
        requireExtraName(name, MEMBER_FIELDS);
        String normalized = normalizeJson(jsonText);
        write(() -> {
            Membership membership = membership(group(groupId, true), userId);
            membership.extra = withExtra(membership.extra, name, normalized);
            return null;
        });
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
        if (groups < 0) {
            throw new IllegalArgumentException("groups must not be negative");
        }
        int[] sizes = new int[groups];
        long total = 0;
        int largest = 0;
        for (int i = 0; i < groups; i++) {
            sizes[i] = membersOfGroupIndex.applyAsInt(i);
            if (sizes[i] < 0) {
                throw new IllegalArgumentException("group " + i + " would have " + sizes[i] + " members");
            }
            total += sizes[i];
            largest = Math.max(largest, sizes[i]);
        }
        long poolSize = Math.max(largest, (long) Math.ceil(total * 0.6));
        if (poolSize > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("too many memberships: " + total);
        }
        write(() -> {
            long now = nowMicros();
            List<User> pool = newUsers((int) poolSize);
            List<String> roleIds = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                roleIds.add(SampleData.taggedId("role_", random));
            }
            for (int i = 0; i < groups; i++) {
                GroupEntry group = sampleGroup(now, roleIds);
                append(group);
                int start = pool.isEmpty() ? 0 : random.nextInt(pool.size());
                for (int m = 0; m < sizes[i]; m++) {
                    User user = pool.get((start + m) % pool.size());
                    long created = group.createdAt == NO_TIME ? randomTimeBefore(now, 365) : between(group.createdAt, now);
                    long updated = between(created, now);
                    if (random.nextInt(50) == 0) {
                        created = NO_TIME;
                        updated = NO_TIME;
                    }
                    join(group, user, created, updated);
                }
            }
            return null;
        });
    }

    // ---- reading -------------------------------------------------------------------------------

    /** A snapshot of all groups in listing order. */
    public List<SimGroup> groups() {
        return read(() -> {
            List<SimGroup> all = new ArrayList<>(groupList.size());
            for (GroupEntry group : groupList) {
                all.add(toGroup(group));
            }
            return all;
        });
    }

    /** One group, if it exists. */
    public Optional<SimGroup> group(String groupId) {
        return read(() -> Optional.ofNullable(groupsById.get(groupId)).map(Directory::toGroup));
    }

    /** A snapshot of a group's members in listing order, each with the group id filled in. */
    public List<SimMember> members(String groupId) {
        return read(() -> {
            GroupEntry group = group(groupId, true);
            List<SimMember> all = new ArrayList<>(group.members.size());
            for (Membership membership : group.members) {
                all.add(toMember(membership));
            }
            return all;
        });
    }

    /** The ids of the groups {@code userId} is in, in the order the user joined them. */
    public List<String> groupsOfUser(String userId) {
        return read(() -> {
            User user = usersById.get(userId);
            if (user == null) {
                throw new NoSuchElementException("no user " + userId);
            }
            return user.memberships.stream().map(m -> m.group.id).toList();
        });
    }

    public int groupCount() {
        return read(groupList::size);
    }

    public long membershipCount() {
        return read(() -> membershipCount);
    }

    /** Groups whose name starts with {@code namePrefix} (case-sensitive), from {@code offset}. */
    Slice<SimGroup> listGroups(String namePrefix, int offset, int limit) {
        return read(() -> {
            List<SimGroup> page = new ArrayList<>(Math.min(limit, groupList.size()));
            if (namePrefix.isEmpty()) {
                int end = Math.min(groupList.size(), offset + limit);
                for (int i = offset; i < end; i++) {
                    page.add(toGroup(groupList.get(i)));
                }
                return new Slice<>(page, end < groupList.size());
            }
            int matched = 0;
            for (GroupEntry group : groupList) {
                if (!group.name.startsWith(namePrefix)) {
                    continue;
                }
                if (matched >= offset) {
                    if (page.size() == limit) {
                        return new Slice<>(page, true);
                    }
                    page.add(toGroup(group));
                }
                matched++;
            }
            return new Slice<>(page, false);
        });
    }

    /** A group's members from {@code offset}, or empty if the group does not exist. */
    Optional<Slice<SimMember>> listMembers(String groupId, int offset, int limit) {
        return read(() -> {
            GroupEntry group = groupsById.get(groupId);
            if (group == null) {
                return Optional.empty();
            }
            int end = Math.min(group.members.size(), offset + limit);
            List<SimMember> page = new ArrayList<>(Math.max(0, end - offset));
            for (int i = offset; i < end; i++) {
                page.add(toMember(group.members.get(i)));
            }
            return Optional.of(new Slice<>(page, end < group.members.size()));
        });
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

    private GroupEntry group(String groupId, boolean required) {
        GroupEntry group = groupsById.get(groupId);
        if (group == null && required) {
            throw new NoSuchElementException("no group " + groupId);
        }
        return group;
    }

    private static Membership membership(GroupEntry group, String userId) {
        for (Membership membership : group.members) {
            if (membership.user.id.equals(userId)) {
                return membership;
            }
        }
        throw new NoSuchElementException("user " + userId + " is not in group " + group.id);
    }

    private void append(GroupEntry group) {
        groupList.add(group);
        groupsById.put(group.id, group);
    }

    private void join(GroupEntry group, User user, long createdAt, long updatedAt) {
        for (Membership existing : user.memberships) {
            if (existing.group == group) {
                throw new IllegalStateException("user " + user.id + " is already in group " + group.id);
            }
        }
        Membership membership = new Membership(group, user, createdAt, updatedAt);
        group.members.add(membership);
        user.memberships.add(membership);
        membershipCount++;
    }

    private String newId(String prefix, Set<String> taken) {
        String id;
        do {
            id = SampleData.taggedId(prefix, random);
        } while (taken.contains(id));
        return id;
    }

    private List<User> newUsers(int count) {
        Set<String> emails = new HashSet<>();
        for (User user : usersById.values()) {
            emails.add(user.email);
        }
        // There are only about 1,300 local parts, so a large pool repeats each of them hundreds of times.
        // The suffix search resumes where it last succeeded for that local part instead of counting up
        // from 2 each time, which was quadratic (minutes for a million memberships). The emails are the
        // same: every suffix below the resume point is taken, and nothing is freed during the loop.
        Map<String, Integer> nextSuffix = new HashMap<>();
        List<User> users = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String local = SampleData.emailLocalPart(random);
            String email = local + "@" + SampleData.EMAIL_DOMAIN;
            if (!emails.add(email)) {
                int n = nextSuffix.getOrDefault(local, 2);
                email = local + n + "@" + SampleData.EMAIL_DOMAIN;
                while (!emails.add(email)) {
                    n++;
                    email = local + n + "@" + SampleData.EMAIL_DOMAIN;
                }
                nextSuffix.put(local, n + 1);
            }
            User user = new User(newId(USER_ID_PREFIX, usersById.keySet()), email);
            usersById.put(user.id, user);
            users.add(user);
        }
        return users;
    }

    private GroupEntry sampleGroup(long now, List<String> roleIds) {
        GroupEntry group = new GroupEntry(newId(GROUP_ID_PREFIX, groupsById.keySet()));
        group.name = SampleData.groupName(random);
        group.description = SampleData.groupDescription(group.name, random);
        group.sourceType = random.nextInt(20) < 11 ? SOURCE_SCIM : SOURCE_DIRECT;
        int roleDraw = random.nextInt(100);
        if (roleDraw < 4) {
            group.roles = null;
        } else {
            int count = roleDraw < 34 ? 0 : roleDraw < 84 ? 1 : 2;
            List<String> roles = new ArrayList<>(count);
            while (roles.size() < count) {
                String role = SampleData.pick(roleIds, random);
                if (!roles.contains(role)) {
                    roles.add(role);
                }
            }
            group.roles = List.copyOf(roles);
        }
        group.createdAt = randomTimeBefore(now, 730);
        group.updatedAt = between(group.createdAt, now);
        if (random.nextInt(100) < 3) {
            group.createdAt = NO_TIME;
            group.updatedAt = NO_TIME;
        }
        return group;
    }

    private long randomTimeBefore(long now, int days) {
        return now - (long) (random.nextDouble() * days * MICROS_PER_DAY);
    }

    private long between(long from, long to) {
        return from + (long) (random.nextDouble() * (to - from));
    }

    private long nowMicros() {
        Instant now = clock.instant();
        return Math.addExact(Math.multiplyExact(now.getEpochSecond(), 1_000_000L), now.getNano() / 1_000);
    }

    private static long bump(long previous, long now) {
        return previous == NO_TIME ? now : Math.max(now, previous + 1);
    }

    /** Records a group's activity: {@code group_id} first, then {@code moreDetails} as name, value pairs. */
    private void recordGroupActivity(GroupEntry group, long atMicros, String type, Object... moreDetails) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("group_id", group.id);
        for (int i = 0; i < moreDetails.length; i += 2) {
            details.put((String) moreDetails[i], moreDetails[i + 1]);
        }
        Actor actor = SOURCE_SCIM.equals(group.sourceType) ? feed.directorySync() : feed.directoryAdmin();
        feed.recordAt(toInstant(atMicros), type, actor, details);
    }

    private static Instant toInstant(long micros) {
        return micros == NO_TIME ? null : Instant.EPOCH.plus(micros, ChronoUnit.MICROS);
    }

    private static SimGroup toGroup(GroupEntry g) {
        return new SimGroup(g.id, g.name, g.description, g.sourceType, toInstant(g.createdAt), toInstant(g.updatedAt),
                g.roles, g.extra);
    }

    private static SimMember toMember(Membership m) {
        return new SimMember(m.group.id, m.user.id, m.user.email, toInstant(m.createdAt), toInstant(m.updatedAt),
                m.extra);
    }

    private static Map<String, String> withExtra(Map<String, String> extra, String name, String jsonText) {
        Map<String, String> copy = extra == null ? new LinkedHashMap<>() : new LinkedHashMap<>(extra);
        if (jsonText == null) {
            copy.remove(name);
        } else {
            copy.put(name, jsonText);
        }
        return copy.isEmpty() ? null : copy;
    }

    private String normalizeJson(String jsonText) {
        if (jsonText == null) {
            return null;
        }
        try {
            JsonNode node = json.readTree(jsonText);
            if (node == null || node.isMissingNode()) {
                throw new IllegalArgumentException("extra field value is empty, expected one JSON value");
            }
            return json.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("extra field value is not one JSON value: " + e.getOriginalMessage());
        }
    }

    private static void requireExtraName(String name, Set<String> documented) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("extra field name is empty");
        }
        if (documented.contains(name)) {
            throw new IllegalArgumentException(name + " is a documented field, not an extra one");
        }
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
