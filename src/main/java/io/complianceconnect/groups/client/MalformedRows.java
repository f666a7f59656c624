package io.complianceconnect.groups.client;

import java.util.ArrayList;
import java.util.List;

/** The malformed rows of one response, collected while it is parsed. Not thread-safe: one per parse. */
final class MalformedRows {

    private final List<MalformedRow> rows = new ArrayList<>();

    void add(MalformedRow.Kind kind, String field) {
        rows.add(new MalformedRow(kind, field));
    }

    void addAll(MalformedRows more) {
        rows.addAll(more.rows);
    }

    List<MalformedRow> list() {
        return List.copyOf(rows);
    }

    boolean isEmpty() {
        return rows.isEmpty();
    }

    /** How many rows were left out. */
    int skipped() {
        return (int) rows.stream().filter(r -> r.kind().skipped()).count();
    }
}
