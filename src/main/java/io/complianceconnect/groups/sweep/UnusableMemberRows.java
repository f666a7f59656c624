package io.complianceconnect.groups.sweep;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.Map;

/**
 * The groups whose member listing serves rows without a usable {@code user_id}: those rows are not
 * replicated, and a member missing from such a group's listing is deleted only when the feed reported
 * its removal or two complete listings that skipped the same number of rows both miss it. Each such
 * group is named in a WARN once a sweep (not once a listing: a sweep may list it twice, and the feed's
 * refreshes list it too), and counted for the metrics while its listings go on serving such rows.
 */
final class UnusableMemberRows {

    /** The engine's logger: its lines keep the name operators know. */
    private static final Logger log = LoggerFactory.getLogger(SweepEngine.class);

    /** Group id → the sweep in which it was last named in a WARN. */
    private final Map<String, Long> groups = new HashMap<>();

    /**
     * A listing of the group completed.
     *
     * @param rows the rows without a usable user id it skipped
     * @param kept members missing from it whose removal it could not prove for those rows (kept for now)
     */
    void listed(String groupId, int rows, int kept, long sweep) {
        if (rows == 0) {
            groups.remove(groupId);
            return;
        }
        Long warned = groups.put(groupId, sweep);
        if (warned == null || warned != sweep) {
            log.warn("Group {}: its member listing has {} row(s) without a usable user_id, which are not replicated; "
                    + "a member missing from it is deleted only once the activity feed reports the removal or two "
                    + "complete listings with the same number of such rows both miss it{}. The API should not serve "
                    + "such rows: report the group to Anthropic support", groupId, rows,
                    kept == 0 ? "" : " (" + kept + " kept for now)");
        }
    }

    /** The group was deleted: it no longer counts. */
    void forget(String groupId) {
        groups.remove(groupId);
    }

    /** How many groups' last listing served rows without a usable user id. */
    int groups() {
        return groups.size();
    }
}
