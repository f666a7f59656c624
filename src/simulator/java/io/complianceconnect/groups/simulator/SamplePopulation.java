package io.complianceconnect.groups.simulator;

import static io.complianceconnect.groups.simulator.MicroTimestamps.MICROS_PER_DAY;
import static io.complianceconnect.groups.simulator.MicroTimestamps.NO_TIME;

import io.complianceconnect.groups.simulator.DirectoryStore.GroupEntry;
import io.complianceconnect.groups.simulator.DirectoryStore.UserEntry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.IntUnaryOperator;

/**
 * Fills a {@link DirectoryStore} with groups and members that look like a real company's, all drawn
 * from the directory's seeded random: the same seed and calls give the same ids, names and emails.
 * It records no activity: a population is the directory as it was before the feed began.
 */
final class SamplePopulation {

    /** The group sizes of one {@code populate} call and the size of the user pool they draw from. */
    record Plan(int[] sizes, int poolSize) {
    }

    private final DirectoryStore store;
    private final Random random;

    SamplePopulation(DirectoryStore store, Random random) {
        this.store = store;
        this.random = random;
    }

    /**
     * Checks the sizes and picks the pool: about 0.6 users per membership, so many users are in several
     * groups, and at least as many as the largest group has members.
     */
    static Plan plan(int groups, IntUnaryOperator membersOfGroupIndex) {
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
        return new Plan(sizes, (int) poolSize);
    }

    /** Appends the planned groups, their timestamps in the two years before {@code nowMicros}. */
    void append(Plan plan, long nowMicros) {
        List<UserEntry> pool = newUsers(plan.poolSize());
        List<String> roleIds = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            roleIds.add(SampleData.taggedId("role_", random));
        }
        for (int size : plan.sizes()) {
            GroupEntry group = sampleGroup(nowMicros, roleIds);
            store.append(group);
            int start = pool.isEmpty() ? 0 : random.nextInt(pool.size());
            for (int m = 0; m < size; m++) {
                UserEntry user = pool.get((start + m) % pool.size());
                long created = group.createdAt == NO_TIME ? randomTimeBefore(nowMicros, 365)
                        : between(group.createdAt, nowMicros);
                long updated = between(created, nowMicros);
                if (random.nextInt(50) == 0) {
                    created = NO_TIME;
                    updated = NO_TIME;
                }
                store.join(group, user, created, updated);
            }
        }
    }

    private List<UserEntry> newUsers(int count) {
        Set<String> emails = new HashSet<>();
        for (UserEntry user : store.users()) {
            emails.add(user.email);
        }
        // There are only about 1,300 local parts, so a large pool repeats each of them hundreds of times.
        // The suffix search resumes where it last succeeded for that local part instead of counting up
        // from 2 each time, which was quadratic (minutes for a million memberships). The emails are the
        // same: every suffix below the resume point is taken, and nothing is freed during the loop.
        Map<String, Integer> nextSuffix = new HashMap<>();
        List<UserEntry> users = new ArrayList<>(count);
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
            users.add(store.addUser(email));
        }
        return users;
    }

    /** About 55% from SCIM, 4% with null roles, 3% with null timestamps. */
    private GroupEntry sampleGroup(long nowMicros, List<String> roleIds) {
        GroupEntry group = store.newGroup();
        group.name = SampleData.groupName(random);
        group.description = SampleData.groupDescription(group.name, random);
        group.sourceType = random.nextInt(20) < 11 ? DirectoryStore.SOURCE_SCIM : DirectoryStore.SOURCE_DIRECT;
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
        group.createdAt = randomTimeBefore(nowMicros, 730);
        group.updatedAt = between(group.createdAt, nowMicros);
        if (random.nextInt(100) < 3) {
            group.createdAt = NO_TIME;
            group.updatedAt = NO_TIME;
        }
        return group;
    }

    private long randomTimeBefore(long nowMicros, int days) {
        return nowMicros - (long) (random.nextDouble() * days * MICROS_PER_DAY);
    }

    private long between(long from, long to) {
        return from + (long) (random.nextDouble() * (to - from));
    }
}
