package io.complianceconnect.groups.state;

import io.complianceconnect.groups.client.Group;
import io.complianceconnect.groups.mapping.GroupChange;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The values of a group's last emitted record that an UPDATED record reports as {@code previous},
 * as stored in the group's index entry: what the next change is compared with. Stored as seven
 * forms separated by {@code |} (name, description, source_type, created_at, updated_at, roles, extra):
 * {@code -} for null, {@code =} and the value (timestamps as base-36 epoch millis, roles each after a
 * comma, extra as each key with a 32-bit digest of its value), or {@code #} and a 64-bit digest of
 * the form when it did not fit the budget. Why a budget: every change of a group rewrites its index
 * shard, one Kafka message for about 1/64 of the directory, and free text has no documented limit.
 * Why digests for extra: naming a changed key needs only the keys and whether each value changed.
 */
public final class GroupValues {

    /** The characters kept in values per group at most; roles go first (the roles gained and lost). */
    static final int BUDGET = 512;
    static final String[] FIELDS = {"name", "description", "source_type", "created_at", "updated_at", "roles", "extra"};
    private static final int[] PRIORITY = {5, 0, 2, 3, 4, 6, 1};
    private static final int CREATED_AT = 3;
    private static final int UPDATED_AT = 4;
    private static final int ROLES = 5;
    private static final int EXTRA = 6;
    private static final char SEPARATOR = '|';
    static final String TEXT_RESERVED = "%;|\t\n";
    private static final String LIST_RESERVED = "%;|,:\t\n";

    private GroupValues() {
    }

    /** The stored text for {@code group}'s record. */
    public static String stored(Group group) {
        String[] forms = forms(group);
        int left = BUDGET;
        for (int i : PRIORITY) {
            if (forms[i].length() <= left) {
                left -= forms[i].length();
            } else {
                forms[i] = digestForm(forms[i]);
            }
        }
        return String.join(String.valueOf(SEPARATOR), forms);
    }

    /**
     * What changed from the stored values to {@code group}: {@link GroupChange#UNKNOWN} when nothing
     * is stored (a state written before index version 5).
     */
    public static GroupChange change(String stored, Group group) {
        if (stored == null) {
            return GroupChange.UNKNOWN;
        }
        String[] before = split(stored);
        String[] after = forms(group);
        List<String> changed = new ArrayList<>();
        for (int i = 0; i < EXTRA; i++) {
            if (changed(before[i], after[i])) {
                changed.add(FIELDS[i]);
            }
        }
        if (before[EXTRA].startsWith("#")) {
            if (changed(before[EXTRA], after[EXTRA])) {
                changed.add("extra");
            }
        } else {
            Map<String, String> was = extraDigests(before[EXTRA]);
            Map<String, String> is = extraDigests(after[EXTRA]);
            TreeMap<String, Boolean> keys = new TreeMap<>();
            was.forEach((k, d) -> keys.put(k, !d.equals(is.get(k))));
            is.forEach((k, d) -> keys.merge(k, !was.containsKey(k), Boolean::logicalOr));
            keys.forEach((k, differs) -> {
                if (differs) {
                    changed.add("extra." + k);
                }
            });
        }
        return new GroupChange(previous(before), changed);
    }

    /** Checks a stored text as read from an offset; returns it. */
    static String validated(String what, String stored) {
        try {
            previous(split(stored));
            extraDigests(split(stored)[EXTRA]);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(what + ": the stored values are damaged (" + e.getMessage() + ")");
        }
        return stored;
    }

    private static GroupChange.Previous previous(String[] forms) {
        List<String> notKept = new ArrayList<>();
        for (int i = 0; i < EXTRA; i++) {
            if (forms[i].startsWith("#")) {
                notKept.add(FIELDS[i]);
            }
        }
        return new GroupChange.Previous(text(forms[0]), text(forms[1]), text(forms[2]), time(forms[CREATED_AT]),
                time(forms[UPDATED_AT]), roles(forms[ROLES]), notKept);
    }

    private static String[] forms(Group g) {
        String[] forms = new String[FIELDS.length];
        forms[0] = textForm(g.name());
        forms[1] = textForm(g.description());
        forms[2] = textForm(g.sourceType());
        forms[CREATED_AT] = timeForm(g.createdAt());
        forms[UPDATED_AT] = timeForm(g.updatedAt());
        forms[ROLES] = rolesForm(g.roles());
        forms[EXTRA] = extraForm(g.extra());
        return forms;
    }

    private static String[] split(String stored) {
        String[] forms = stored.split("\\|", -1);
        if (forms.length != FIELDS.length) {
            throw new IllegalArgumentException("expected " + FIELDS.length + " forms, found " + forms.length);
        }
        for (String form : forms) {
            if (form.isEmpty() || "-=#".indexOf(form.charAt(0)) < 0) {
                throw new IllegalArgumentException("a form must start with '-', '=' or '#'");
            }
        }
        return forms;
    }

    private static boolean changed(String before, String afterForm) {
        return before.startsWith("#") ? !before.equals(digestForm(afterForm)) : !before.equals(afterForm);
    }

    private static String digestForm(String form) {
        return "#" + Long.toHexString(Fingerprints.ofText(form));
    }

    private static String textForm(String value) {
        if (value == null) {
            return "-";
        }
        StringBuilder form = new StringBuilder(value.length() + 1).append('=');
        OffsetText.appendEscaped(form, value, TEXT_RESERVED);
        return form.toString();
    }

    private static String timeForm(Instant instant) {
        return instant == null ? "-" : "=" + Long.toString(instant.toEpochMilli(), 36);
    }

    private static String rolesForm(List<String> roles) {
        if (roles == null) {
            return "-";
        }
        StringBuilder form = new StringBuilder().append('=');
        for (String role : roles) {
            OffsetText.appendEscaped(form.append(','), role, LIST_RESERVED);
        }
        return form.toString();
    }

    private static String extraForm(Map<String, String> extra) {
        StringBuilder form = new StringBuilder().append('=');
        new TreeMap<>(extra).forEach((key, value) -> {
            OffsetText.appendEscaped(form.append(','), key, LIST_RESERVED);
            form.append(':').append(Integer.toHexString((int) (Fingerprints.ofText(value) >>> 32)));
        });
        return form.toString();
    }

    private static String text(String form) {
        return form.startsWith("=") ? OffsetText.unescape(form.substring(1)) : null;
    }

    private static Instant time(String form) {
        return form.startsWith("=") ? Instant.ofEpochMilli(Long.parseLong(form.substring(1), 36)) : null;
    }

    private static List<String> roles(String form) {
        if (!form.startsWith("=")) {
            return null;
        }
        List<String> roles = new ArrayList<>();
        for (String role : items(form)) {
            roles.add(OffsetText.unescape(role));
        }
        return roles;
    }

    private static Map<String, String> extraDigests(String form) {
        Map<String, String> digests = new TreeMap<>();
        for (String item : items(form)) {
            int colon = item.lastIndexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException("an extra key must be followed by ':' and its digest");
            }
            digests.put(OffsetText.unescape(item.substring(0, colon)), item.substring(colon + 1));
        }
        return digests;
    }

    /** The comma-led items of a list form, {@code "="} being the empty list. */
    private static List<String> items(String form) {
        if (form.length() <= 1) {
            return List.of();
        }
        if (form.charAt(1) != ',') {
            throw new IllegalArgumentException("a list form must be '=' followed by comma-led items");
        }
        return List.of(form.substring(2).split(",", -1));
    }
}
