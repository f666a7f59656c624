package io.complianceconnect.groups.simulator;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Every request the API part of the simulator answered, in the order they were answered: 401s, 404s
 * for unknown paths (endpoint null) and 429s included. The admin API under {@code /_sim/} is not
 * logged. An entry is recorded before its response is sent, so a client that has its response
 * finds the entry here. Thread-safe.
 */
public final class RequestLog {

    /**
     * One request.
     *
     * @param endpoint  null when the path matched no endpoint
     * @param query     the decoded query parameters (first value of each)
     * @param status    the status sent; 0 when the connection was cut before a complete response
     * @param requestId the {@code request-id} header of the response
     */
    public record Entry(Instant at, String method, String path, Endpoint endpoint, Map<String, String> query,
            int status, String requestId) {

        public Entry {
            query = Map.copyOf(query);
        }
    }

    private final List<Entry> entries = new ArrayList<>();
    private final Map<Endpoint, Long> counts = new EnumMap<>(Endpoint.class);
    private final List<Consumer<Entry>> listeners = new CopyOnWriteArrayList<>();

    RequestLog() {
    }

    /** A snapshot of all entries, oldest first. */
    public synchronized List<Entry> entries() {
        return List.copyOf(entries);
    }

    /** Requests to {@code endpoint}, whatever their status. */
    public synchronized long count(Endpoint endpoint) {
        return counts.getOrDefault(endpoint, 0L);
    }

    /** All requests, unknown paths included. */
    public synchronized long count() {
        return entries.size();
    }

    public synchronized void clear() {
        entries.clear();
        counts.clear();
    }

    /** Calls {@code listener} with each new entry, on the serving thread (e.g. to print it). */
    public void addListener(Consumer<Entry> listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    void record(Entry entry) {
        synchronized (this) {
            entries.add(entry);
            if (entry.endpoint() != null) {
                counts.merge(entry.endpoint(), 1L, Long::sum);
            }
        }
        for (Consumer<Entry> listener : listeners) {
            listener.accept(entry);
        }
    }
}
