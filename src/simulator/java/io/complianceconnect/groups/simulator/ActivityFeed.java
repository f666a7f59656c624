package io.complianceconnect.groups.simulator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Objects;
import java.util.Random;
import java.util.TreeSet;
import java.util.UUID;

/**
 * The activity feed behind {@code GET /v1/compliance/activities}: every activity recorded, newest
 * first. The {@link Directory} records one per mutation; tests may add others with {@link #record}.
 * Thread-safe.
 *
 * <p>An activity's {@code created_at} is when it happened; it is listed only from
 * {@code created_at + visibilityDelay} on, so an activity that turns up late is older than some that
 * were already listed, as in the real feed. With noise on, unrelated activities (chats, files,
 * sign-ins, settings) happen on the simulator's clock, a few seconds apart, starting ten minutes
 * before the feed was made; see {@link ActivityNoise}.
 */
public final class ActivityFeed {

    static final String ACTIVITY_ID_PREFIX = "activity_";
    private static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final int SEQUENCE_DIGITS = 10;
    private static final int RANDOM_DIGITS = 12;
    /** Keeps the feed's random numbers apart from the directory's, which uses the plain seed. */
    private static final long SEED_SALT = 0x5EEDFEEDL;

    /** A page cut from the feed, newest first. */
    record FeedPage(List<Activity> items, boolean hasMore) {
    }

    /** An activity with its sort key and the time it becomes visible. */
    private record Stored(Activity activity, long createdMicros, long visibleMicros) {
    }

    /** Newest first; among equal times the greater id first (ids grow with the sequence number). */
    private static final Comparator<Stored> NEWEST_FIRST = Comparator.comparingLong(Stored::createdMicros).reversed()
            .thenComparing(stored -> stored.activity().id(), Comparator.reverseOrder());

    private final Clock clock;
    private final long delayMicros;
    private final Duration visibilityDelay;
    private final Random random;
    private final String organizationId;
    private final String organizationUuid;
    private final Actor directoryAdmin;
    private final Actor directorySync;
    private final ActivityNoise noise; // null when off
    private final NavigableSet<Stored> activities = new TreeSet<>(NEWEST_FIRST);
    private final Map<String, Stored> byId = new HashMap<>();
    private long sequence;

    ActivityFeed(Clock clock, long seed, Duration visibilityDelay, boolean noise) {
        if (visibilityDelay.isNegative()) {
            throw new IllegalArgumentException("the visibility delay must not be negative");
        }
        this.clock = Objects.requireNonNull(clock, "clock");
        this.visibilityDelay = visibilityDelay;
        this.delayMicros = visibilityDelay.toNanos() / 1_000;
        this.random = new Random(seed ^ SEED_SALT);
        this.organizationId = SampleData.taggedId("org_", random);
        this.organizationUuid = new UUID((random.nextLong() & ~0xF000L) | 0x4000L,
                (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L).toString();
        this.directoryAdmin = Actor.user(SampleData.taggedId(DirectoryStore.USER_ID_PREFIX, random),
                "it-admin@" + SampleData.EMAIL_DOMAIN);
        this.directorySync = Actor.scimDirectorySync(SampleData.taggedId("directory_", random));
        this.noise = noise ? new ActivityNoise(seed, micros(clock.instant()), directoryAdmin) : null;
    }

    /** The one organisation of the simulated parent organisation: every activity names it. */
    public String organizationId() {
        return organizationId;
    }

    public String organizationUuid() {
        return organizationUuid;
    }

    /** The admin who changes groups of source type other than {@code scim} (a {@code user_actor}). */
    public Actor directoryAdmin() {
        return directoryAdmin;
    }

    /** The identity provider's sync, which changes {@code scim} groups and users. */
    public Actor directorySync() {
        return directorySync;
    }

    public Duration visibilityDelay() {
        return visibilityDelay;
    }

    public boolean noise() {
        return noise != null;
    }

    /**
     * Records an activity that happens now, e.g. {@code record("org_directory_resync_completed",
     * feed.directorySync(), Map.of())}.
     *
     * @param details type-specific fields: strings, numbers, booleans, nulls or lists of strings
     */
    public Activity record(String type, Actor actor, Map<String, ?> details) {
        return recordAt(clock.instant(), type, actor, details);
    }

    /** Every activity recorded so far, newest first, those not visible yet included. */
    public synchronized List<Activity> activities() {
        catchUpNoise();
        List<Activity> all = new ArrayList<>(activities.size());
        for (Stored stored : activities) {
            all.add(stored.activity());
        }
        return all;
    }

    /** The activities a listing can show now, newest first. */
    public synchronized List<Activity> visibleActivities() {
        catchUpNoise();
        long now = micros(clock.instant());
        List<Activity> visible = new ArrayList<>();
        for (Stored stored : activities) {
            if (stored.visibleMicros() <= now) {
                visible.add(stored.activity());
            }
        }
        return visible;
    }

    /** How many activities were recorded, visible or not. */
    public synchronized int count() {
        catchUpNoise();
        return activities.size();
    }

    /** Records an activity that happened at {@code at} (truncated to microseconds). */
    synchronized Activity recordAt(Instant at, String type, Actor actor, Map<String, ?> details) {
        long createdMicros = micros(at);
        catchUpNoise(createdMicros);
        return store(createdMicros, type, actor, details);
    }

    /**
     * A page for {@code query}: visible activities that pass its filters, newest first. Without a
     * cursor, the newest; with {@code after_id}, the next older ones; with {@code before_id}, the
     * ones right above it, so that paging back up never skips any. {@code hasMore} says whether
     * further matches lie beyond the page in the direction of travel.
     *
     * @throws ActivityQuery.BadParameter when a cursor names no activity
     */
    synchronized FeedPage list(ActivityQuery query) throws ActivityQuery.BadParameter {
        catchUpNoise();
        long now = micros(clock.instant());
        int limit = query.limit();
        List<Activity> page = new ArrayList<>(Math.min(limit, activities.size()));
        boolean hasMore = false;
        if (query.beforeId() != null) {
            // Walk upwards from the cursor, nearest first, then turn the page to newest first.
            for (Stored stored : activities.headSet(cursor("before_id", query.beforeId()), false).descendingSet()) {
                if (listed(stored, query, now)) {
                    if (page.size() == limit) {
                        hasMore = true;
                        break;
                    }
                    page.add(stored.activity());
                }
            }
            Collections.reverse(page);
        } else {
            Iterable<Stored> older = query.afterId() == null ? activities
                    : activities.tailSet(cursor("after_id", query.afterId()), false);
            for (Stored stored : older) {
                if (listed(stored, query, now)) {
                    if (page.size() == limit) {
                        hasMore = true;
                        break;
                    }
                    page.add(stored.activity());
                }
            }
        }
        return new FeedPage(List.copyOf(page), hasMore);
    }

    private Stored cursor(String parameter, String id) throws ActivityQuery.BadParameter {
        Stored stored = byId.get(id);
        if (stored == null) {
            throw new ActivityQuery.BadParameter(parameter + " does not name an activity.");
        }
        return stored;
    }

    private static boolean listed(Stored stored, ActivityQuery query, long nowMicros) {
        return stored.visibleMicros() <= nowMicros && query.matches(stored.activity());
    }

    private Activity store(long createdMicros, String type, Actor actor, Map<String, ?> details) {
        Map<String, Object> copy = new LinkedHashMap<>(details);
        Activity activity = new Activity(nextId(), Instant.EPOCH.plus(createdMicros, ChronoUnit.MICROS),
                organizationId, organizationUuid, actor, type, copy);
        Stored stored = new Stored(activity, createdMicros, Math.addExact(createdMicros, delayMicros));
        activities.add(stored);
        byId.put(activity.id(), stored);
        return activity;
    }

    /** {@code activity_} + the sequence number in fixed-width base 62 (so ids sort as it does) + random. */
    private String nextId() {
        long n = ++sequence;
        char[] digits = new char[SEQUENCE_DIGITS];
        for (int i = SEQUENCE_DIGITS - 1; i >= 0; i--) {
            digits[i] = BASE62.charAt((int) (n % 62));
            n /= 62;
        }
        StringBuilder id = new StringBuilder(ACTIVITY_ID_PREFIX).append(digits);
        for (int i = 0; i < RANDOM_DIGITS; i++) {
            id.append(BASE62.charAt(random.nextInt(BASE62.length())));
        }
        return id.toString();
    }

    private void catchUpNoise() {
        catchUpNoise(micros(clock.instant()));
    }

    /** Records the noise due up to {@code untilMicros}, so it gets sequence numbers in time order. */
    private void catchUpNoise(long untilMicros) {
        if (noise == null) {
            return;
        }
        for (ActivityNoise.Event event : noise.dueUntil(untilMicros)) {
            store(event.atMicros(), event.type(), event.actor(), event.details());
        }
    }

    static long micros(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1_000);
    }
}
