package io.complianceconnect.groups.sweep;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.Map;

/**
 * The groups whose member listing serves rows without a usable {@code user_id}: those rows are not
 * replicated, and a member missing from such a group's listing is deleted only when the feed reported
 * its removal or two complete listings that skipped as many rows as the listing before them both miss
 * it. It keeps, per group, that earlier count, from a listing that accounted for every known member:
 * so a known member whose own row loses its id is kept for as long as the row has none. Each such
 * group is named in a WARN once a sweep (not once a listing: a sweep may list it twice, and the feed's
 * refreshes list it too), and counted for the metrics while its listings go on serving such rows.
 */
final class UnusableMemberRows {

    
    private static final Logger log = LoggerFactory.getLogger(UnusableMemberRows.class);

    /**
     * The rows without a usable id of the group's last listing that missed no member it could not
     * account for (so none of them is the row of a member known before), and the sweep in which the
     * group was last named in a WARN.
     */
    private record Rows(int decidedRows, long warnedInSweep) {
    }

    private final Map<String, Rows> groups = new HashMap<>();

    /**
     * The rows without a usable user id that the group's last listing which accounted for every known
     * member skipped: 0 when none, or not known (after a restart).
     */
    int rowsBefore(String groupId) {
        Rows r = groups.get(groupId);
        return r == null ? 0 : r.decidedRows();
    }

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
        Rows before = groups.get(groupId);
        // A listing that kept absences may have a known member's own row among its rows without id.
        groups.put(groupId, new Rows(kept == 0 ? rows : before == null ? 0 : before.decidedRows(), sweep));
        if (before == null || before.warnedInSweep() != sweep) {
            log.warn("Group {}: its member listing has {} row(s) without a usable user_id, which are not replicated; "
                    + "a member missing from it is deleted only once the activity feed reports the removal or two "
                    + "complete listings with as many such rows as its last listing that accounted for every known member "
                    + "both miss it{}. The API should not serve "
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
