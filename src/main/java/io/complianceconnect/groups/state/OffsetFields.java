package io.complianceconnect.groups.state;

import java.util.Map;

/** Typed reads of a stored offset map, failing with a message that names the field. */
final class OffsetFields {

    private final String what;
    private final Map<String, ?> offset;

    OffsetFields(String what, Map<String, ?> offset) {
        this.what = what;
        this.offset = offset;
    }

    void requireVersion(int version) {
        requireVersion(version, version);
    }

    /** Accepts any version from {@code oldest} to {@code newest}; returns the one found. */
    int requireVersion(int oldest, int newest) {
        long v = number("v");
        String reads = oldest == newest ? "version " + newest : "versions " + oldest + " to " + newest;
        if (v > newest) {
            // Most often a rolling upgrade or a rollback: a newer version's task ran, and this worker
            // still has (or again has) the older plugin. Resetting would cost a whole snapshot.
            throw new NewerOffsetsException(what + " offset has version " + v + ", written by a newer version of "
                    + "this connector, but this one reads " + reads + ": install the newer version on every worker "
                    + "and restart the task (pause the connector while upgrading workers, see docs/operations.md)");
        }
        if (v < oldest) {
            throw new IllegalArgumentException(what + " offset has version " + v + " but this connector reads "
                    + reads + "; reset the connector's offsets to take a fresh snapshot");
        }
        return (int) v;
    }

    long number(String field) {
        Object v = offset.get(field);
        if (!(v instanceof Number n)) {
            throw new IllegalArgumentException(what + " offset field '" + field + "' must be a number, got " + typeOf(v));
        }
        return n.longValue();
    }

    String string(String field) {
        Object v = offset.get(field);
        if (!(v instanceof String s)) {
            throw new IllegalArgumentException(what + " offset field '" + field + "' must be a string, got " + typeOf(v));
        }
        return s;
    }

    boolean bool(String field) {
        Object v = offset.get(field);
        if (!(v instanceof Boolean b)) {
            throw new IllegalArgumentException(what + " offset field '" + field + "' must be a boolean, got " + typeOf(v));
        }
        return b;
    }

    private static String typeOf(Object v) {
        return v == null ? "nothing" : v.getClass().getSimpleName();
    }
}
