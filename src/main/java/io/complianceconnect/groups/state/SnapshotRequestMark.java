package io.complianceconnect.groups.state;

import java.util.Map;

/**
 * Where the re-snapshot requests ({@code snapshot.request}) stand, stored with the sweep cursor so that
 * a request is handled once: across restarts, and atomically with the cursor of the sweep that
 * carries it (one offset record, so no flush can keep one without the other).
 *
 * @param carried the request the sweep in progress carries (it started with it), or null
 * @param handled the request the last sweep that carried one completed, or null
 */
public record SnapshotRequestMark(String carried, String handled) {

    public static final SnapshotRequestMark NONE = new SnapshotRequestMark(null, null);

    static final String CARRIED = "snapshot_request";
    static final String HANDLED = "snapshot_request_handled";

    /** A sweep starts with {@code request}. */
    public SnapshotRequestMark carrying(String request) {
        return new SnapshotRequestMark(request, handled);
    }

    /** The request carried is no longer wanted (the setting changed): the sweep goes on without it. */
    public SnapshotRequestMark dropped() {
        return new SnapshotRequestMark(null, handled);
    }

    /** The sweep that carried a request completed: it is handled. */
    SnapshotRequestMark completed() {
        return carried == null ? this : new SnapshotRequestMark(null, carried);
    }

    /** Whether {@code request} is the one carried or the one handled: nothing more to do for it. */
    public boolean knows(String request) {
        return request.equals(carried) || request.equals(handled);
    }

    /** Adds its fields to a cursor offset; none when there is nothing to say (as versions before it wrote). */
    void addTo(Map<String, Object> offset) {
        if (carried != null) {
            offset.put(CARRIED, carried);
        }
        if (handled != null) {
            offset.put(HANDLED, handled);
        }
    }

    /** Reads its fields from a cursor offset; absent fields (an earlier version's cursor) are null. */
    static SnapshotRequestMark from(Map<String, ?> offset, OffsetFields fields) {
        return new SnapshotRequestMark(offset.get(CARRIED) == null ? null : fields.string(CARRIED),
                offset.get(HANDLED) == null ? null : fields.string(HANDLED));
    }
}
