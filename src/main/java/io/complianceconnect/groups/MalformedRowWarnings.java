package io.complianceconnect.groups;

import io.complianceconnect.groups.client.Endpoint;
import io.complianceconnect.groups.client.MalformedRow;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.EnumMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * One WARN per kind of malformed row per sweep: enough for an operator to see that the API sends odd
 * rows and of what kind, without a line per row (a bad field may be on every row of a page). Names the
 * endpoint, the field and the request id, never a value or a body: a value may be a member's email.
 */
final class MalformedRowWarnings {

    private static final Logger log = LoggerFactory.getLogger(MalformedRowWarnings.class);

    private final LongSupplier currentSweep;
    private final Map<MalformedRow.Kind, Long> warnedInSweep = new EnumMap<>(MalformedRow.Kind.class);

    MalformedRowWarnings(LongSupplier currentSweep) {
        this.currentSweep = currentSweep;
    }

    void report(Endpoint endpoint, MalformedRow row, String requestId) {
        String warning = warning(endpoint, row, requestId);
        if (warning != null) {
            log.warn(warning);
        }
    }

    /** The line to log for this row, or null when its kind was already logged in this sweep. */
    synchronized String warning(Endpoint endpoint, MalformedRow row, String requestId) {
        long sweep = currentSweep.getAsLong();
        Long warned = warnedInSweep.put(row.kind(), sweep);
        if (warned != null && warned == sweep) {
            return null;
        }
        return "The Compliance API sent a row that does not match its documented types (" + row.kind()
                + " on " + endpoint.pathTemplate() + (row.field() == null ? "" : ", field " + row.field())
                + ", request-id " + requestId + "): " + row.kind().description() + ". Such rows are counted in"
                + " malformed-rows-total; this is logged once per kind in sweep " + sweep
                + (row.kind().skipped() ? ", and a listing with a skipped row deletes nothing." : ".");
    }
}
