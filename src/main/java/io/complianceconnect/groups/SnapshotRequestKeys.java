package io.complianceconnect.groups;

import io.complianceconnect.groups.sweep.SnapshotRequest;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigException;

import java.util.LinkedHashSet;
import java.util.List;

/**
 * The keys that ask for a re-snapshot ({@code snapshot.request}, {@code snapshot.request.groups}):
 * each with its documentation, default and validator, and the {@link SnapshotRequest} they make.
 */
final class SnapshotRequestKeys {

    static final String GROUP = "Re-snapshot on request";

    /** Longer values are a mistake (a pasted file): the value is kept in the offsets and in sweep events. */
    static final int MAX_LENGTH = 200;

    static final String SNAPSHOT_REQUEST = "snapshot.request";
    private static final String SNAPSHOT_REQUEST_DOC = "Set to a new value (any text, such as the date and reason "
            + "of the request) to have the next sweep emit every group and membership as SNAPSHOT, also those "
            + "that did not change, for instance after a topic lost data or to bootstrap a new consumer. Changes "
            + "and deletions are detected as in any sweep, and the connector's state is kept: unlike a reset of "
            + "its offsets, nothing deleted meanwhile is missed. Each new value is handled once, across restarts "
            + "(it is kept in the offsets); the sweep events of the sweep that carries it name it in "
            + "snapshot_request. A sweep running when it is set completes first. Empty (the default): none.";
    static final String SNAPSHOT_REQUEST_DEFAULT = "";

    static final String SNAPSHOT_REQUEST_GROUPS = "snapshot.request.groups";
    private static final String SNAPSHOT_REQUEST_GROUPS_DOC = "The ids of the groups (comma-separated) that a "
            + "request in snapshot.request re-emits, with their memberships; empty (the default): every group. "
            + "Read when the request's sweep runs; changing only this list makes no new request.";
    static final String SNAPSHOT_REQUEST_GROUPS_DEFAULT = "";

    private SnapshotRequestKeys() {
    }

    static void define(ConfigDef def) {
        def.define(SNAPSHOT_REQUEST, Type.STRING, SNAPSHOT_REQUEST_DEFAULT, new RequestValue(), Importance.MEDIUM,
                SNAPSHOT_REQUEST_DOC, GROUP, 1, Width.MEDIUM, "Re-snapshot request");
        def.define(SNAPSHOT_REQUEST_GROUPS, Type.LIST, SNAPSHOT_REQUEST_GROUPS_DEFAULT, new GroupIds(), Importance.LOW,
                SNAPSHOT_REQUEST_GROUPS_DOC, GROUP, 2, Width.LONG, "Re-snapshot groups");
    }

    static SnapshotRequest snapshotRequest(AbstractConfig config) {
        return new SnapshotRequest(config.getString(SNAPSHOT_REQUEST),
                new LinkedHashSet<>(config.getList(SNAPSHOT_REQUEST_GROUPS)));
    }

    /** Printable text of at most {@link #MAX_LENGTH} characters (ConfigDef has trimmed it). */
    private static final class RequestValue implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            String s = value == null ? "" : value.toString();
            if (s.length() > MAX_LENGTH || s.chars().anyMatch(Character::isISOControl)) {
                throw new ConfigException(name, s.length() > MAX_LENGTH ? s.substring(0, 40) + "…" : s,
                        name + " must be at most " + MAX_LENGTH + " characters on one line, without control "
                                + "characters: a short label such as the date and reason of the request "
                                + "(2026-05-01 restore of compliance.groups). Leave it empty to request nothing.");
            }
        }

        @Override
        public String toString() {
            return "empty, or a new label of at most " + MAX_LENGTH + " characters";
        }
    }

    /** Non-empty ids without spaces. */
    private static final class GroupIds implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            if (!(value instanceof List<?> ids)) {
                return;   // ConfigDef has refused what is not a list
            }
            for (Object id : ids) {
                String s = String.valueOf(id);
                if (s.isEmpty()) {
                    throw new ConfigException(name, value, name + " has an empty entry: give the group ids "
                            + "comma-separated, without empty entries (rbac_group_a,rbac_group_b), or leave it "
                            + "empty for every group");
                }
                if (s.length() > MAX_LENGTH || s.chars().anyMatch(c -> Character.isWhitespace(c)
                        || Character.isISOControl(c))) {
                    throw new ConfigException(name, value, name + " entry '" + s + "' is not a group id: ids "
                            + "have no spaces; give them comma-separated (rbac_group_a,rbac_group_b)");
                }
            }
        }

        @Override
        public String toString() {
            return "comma-separated group ids; empty for every group";
        }
    }
}
