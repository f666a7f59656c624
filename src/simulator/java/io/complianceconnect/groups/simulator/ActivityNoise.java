package io.complianceconnect.groups.simulator;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Activities unrelated to groups, as a real organisation's feed is mostly made of: chats, files,
 * projects, sign-ins, settings. They happen on the simulator's clock, 1 to 9 seconds apart (5 on
 * average), from ten minutes before the feed was made, so a new feed already has a page or so of
 * history. The sequence of gaps, types, actors and ids follows from the seed alone; the wall times
 * follow from the clock, so under a test clock the whole feed is reproducible.
 *
 * <p>Events are produced lazily, when the feed is read or written, for the time passed since: no
 * timer thread. After a clock jump of more than an hour only the last hour is filled in.
 */
final class ActivityNoise {

    /** One noise activity, due at {@code atMicros}. */
    record Event(long atMicros, String type, Actor actor, Map<String, Object> details) {
    }

    static final List<String> TYPES = List.of("user_signed_in", "claude_chat_created", "claude_chat_updated",
            "claude_file_uploaded", "claude_project_created", "org_settings_updated");
    private static final long SECOND = 1_000_000L;
    private static final long BACKLOG = 600 * SECOND;
    private static final long MAX_CATCH_UP = 3_600 * SECOND;
    private static final long MIN_GAP = SECOND;
    private static final long GAP_SPREAD = 8 * SECOND;
    private static final long SEED_SALT = 0x401CE5EEDL;
    private static final int USERS = 6;

    private final Random random;
    private final List<Actor> users = new ArrayList<>(USERS);
    private final Actor apiClient;
    private final Actor admin;
    private long nextMicros;

    /** @param admin the actor of settings changes (the same admin who edits groups) */
    ActivityNoise(long seed, long startMicros, Actor admin) {
        this.random = new Random(seed ^ SEED_SALT);
        for (int i = 0; i < USERS; i++) {
            users.add(Actor.user(SampleData.taggedId(DirectoryStore.USER_ID_PREFIX, random),
                    SampleData.emailLocalPart(random) + "@" + SampleData.EMAIL_DOMAIN));
        }
        this.apiClient = Actor.api(SampleData.taggedId("apikey_", random));
        this.admin = admin;
        this.nextMicros = startMicros - BACKLOG;
    }

    /** The events due from the last call up to and including {@code untilMicros}, oldest first. */
    List<Event> dueUntil(long untilMicros) {
        if (untilMicros - nextMicros > MAX_CATCH_UP) {
            nextMicros = untilMicros - MAX_CATCH_UP;
        }
        List<Event> due = new ArrayList<>();
        while (nextMicros <= untilMicros) {
            due.add(event(nextMicros));
            nextMicros += MIN_GAP + (long) (random.nextDouble() * GAP_SPREAD);
        }
        return due;
    }

    private Event event(long at) {
        String type = SampleData.pick(TYPES, random);
        Actor user = SampleData.pick(users, random);
        return switch (type) {
            case "claude_chat_created", "claude_chat_updated" ->
                    new Event(at, type, user, Map.of("claude_chat_id", SampleData.taggedId("claude_chat_", random)));
            case "claude_file_uploaded" -> new Event(at, type, random.nextInt(3) == 0 ? apiClient : user,
                    Map.of("claude_file_id", SampleData.taggedId("claude_file_", random)));
            case "claude_project_created" ->
                    new Event(at, type, user, Map.of("claude_project_id", SampleData.taggedId("claude_proj_", random)));
            case "org_settings_updated" -> new Event(at, type, admin, Map.of());
            default -> new Event(at, type, user, Map.of());
        };
    }
}
