package io.complianceconnect.groups.sweep;

import io.complianceconnect.groups.client.PermissionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;

/**
 * Whether the activity feed may be read now, after a 403. A 403 may be transient (a scope being fixed
 * on the API's side, a proxy), so the feed is never given up for the task's life: it is tried again
 * after {@link #FORBIDDEN_RETRY}, not at every poll, because each try is a request the organisation's
 * audit trail records (96 a day at most).
 */
final class FeedAccess {

    private static final Logger log = LoggerFactory.getLogger(FeedAccess.class);

    static final Duration FORBIDDEN_RETRY = Duration.ofMinutes(15);

    /** Null while the feed is readable; else when it is tried again (the worker's clock). */
    private Instant forbiddenUntil;
    private boolean warnedWithoutFeed;

    /** Whether the feed answered a 403 and has not been read since. */
    boolean forbidden() {
        return forbiddenUntil != null;
    }

    /** Whether the feed may be tried at {@code now}. */
    boolean mayTry(Instant now) {
        return forbiddenUntil == null || !now.isBefore(forbiddenUntil);
    }

    /** When the feed is tried again; {@link Instant#MIN} while it is readable. */
    Instant nextTry() {
        return forbiddenUntil == null ? Instant.MIN : forbiddenUntil;
    }

    /** A read succeeded; returns whether the feed was forbidden until then. */
    boolean readable() {
        if (forbiddenUntil == null) {
            return false;
        }
        log.info("The activity feed is readable again: following it from where it was read last");
        forbiddenUntil = null;
        return true;
    }

    /**
     * A 403.
     *
     * @param atLeastOnce whether the feed's replay is what repairs a worker crash (said once in a WARN)
     * @return whether this starts a stretch without the feed (the first 403 since a successful read, or ever)
     */
    boolean forbidden(PermissionException e, Instant now, boolean atLeastOnce) {
        boolean first = forbiddenUntil == null;
        forbiddenUntil = now.plus(FORBIDDEN_RETRY);
        if (!first) {
            log.debug("The activity feed still answers 403 ({}); tried again in {} min", e.getMessage(),
                    FORBIDDEN_RETRY.toMinutes());
            return false;
        }
        log.info("The activity feed is not available to this key ({}): running on full sweeps, and trying the feed "
                + "again every {} min. To see changes within about a minute, create a new key with "
                + "read:compliance_activities (a key's scopes are fixed when it is created).", e.getMessage(),
                FORBIDDEN_RETRY.toMinutes());
        if (atLeastOnce && !warnedWithoutFeed) {
            warnedWithoutFeed = true;
            log.warn("Without the activity feed, at-least-once delivery cannot repair what a worker crash loses: "
                    + "a membership or group emitted in the last offset flush interval before a crash and removed "
                    + "before it is listed again stays in the topics (docs/guarantees.md, \"What at-least-once "
                    + "can leave behind\")");
        }
        return true;
    }
}
