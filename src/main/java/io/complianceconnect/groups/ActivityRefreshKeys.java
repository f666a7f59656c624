package io.complianceconnect.groups;

import io.complianceconnect.groups.sweep.SweepSettings;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;

import java.time.Duration;

/**
 * The keys that tune the activity feed's refreshes (how they are coalesced, and their share of the
 * requests during a sweep): each with its documentation and default, and their typed values.
 */
final class ActivityRefreshKeys {

    private static final String GROUP = "Activity feed refreshes";

    static final String ACTIVITY_REFRESH_COALESCE_MS = "activity.refresh.coalesce.ms";
    private static final String ACTIVITY_REFRESH_COALESCE_MS_DOC = "How long after a group's refresh started (a "
            + "re-read of the group and all its members because the activity feed named it) the next refresh of "
            + "the same group waits: whatever the feed names meanwhile is covered by that one refresh, so a large "
            + "group that changes all day is listed at most once per window. Only groups whose members take more "
            + "than one page (page.size) wait; a group named for the first time in a window is refreshed at once; activities that a listing started after has already seen cause no "
            + "refresh at all. Keep it well below activity.feed.lag.ms; 0 refreshes a group at every read of the "
            + "feed that names it.";
    static final long ACTIVITY_REFRESH_COALESCE_MS_DEFAULT = SweepSettings.DEFAULT_REFRESH_COALESCE.toMillis();

    static final String ACTIVITY_REFRESH_REQUEST_SHARE = "activity.refresh.request.share";
    private static final String ACTIVITY_REFRESH_REQUEST_SHARE_DOC = "The largest share of the connector's "
            + "requests that the activity feed (its reads and the refreshes of the groups it names) may take while a "
            + "full sweep is due or running, so that sweeps always progress however busy the feed is; between "
            + "sweeps the feed may use the whole budget. Kept over runs of requests: a refresh of a large group "
            + "that overdraws the share is paid back by the sweep's next requests. The metric "
            + "refresh-requests-total counts the feed's requests.";
    static final double ACTIVITY_REFRESH_REQUEST_SHARE_DEFAULT = SweepSettings.DEFAULT_REFRESH_SHARE;

    static void define(ConfigDef def) {
        def.define(ACTIVITY_REFRESH_COALESCE_MS, Type.LONG, ACTIVITY_REFRESH_COALESCE_MS_DEFAULT, Range.atLeast(0),
                Importance.LOW, ACTIVITY_REFRESH_COALESCE_MS_DOC, GROUP, 1, Width.SHORT,
                "Refresh coalescing window (ms)");
        def.define(ACTIVITY_REFRESH_REQUEST_SHARE, Type.DOUBLE, ACTIVITY_REFRESH_REQUEST_SHARE_DEFAULT,
                Range.between(0.1, 1.0), Importance.LOW, ACTIVITY_REFRESH_REQUEST_SHARE_DOC, GROUP, 2,
                Width.SHORT, "Refresh share of requests during sweeps");
    }

    static Duration coalesce(AbstractConfig config) {
        return Duration.ofMillis(config.getLong(ACTIVITY_REFRESH_COALESCE_MS));
    }

    static double requestShare(AbstractConfig config) {
        return config.getDouble(ACTIVITY_REFRESH_REQUEST_SHARE);
    }
}
