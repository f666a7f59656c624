package io.complianceconnect.groups.simulator;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
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
 * finds the entry here. With a capacity (see {@link ComplianceApiSimulator.Builder#requestLogCapacity})
 * only the newest entries are kept, while the counts stay exact. Thread-safe.
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

    private final int capacity;
    private final Deque<Entry> entries = new ArrayDeque<>();
    private final Map<Endpoint, Long> counts = new EnumMap<>(Endpoint.class);
    private long total;
    private final List<Consumer<Entry>> listeners = new CopyOnWriteArrayList<>();

    /** @param capacity the most entries kept; 0 keeps all */
    RequestLog(int capacity) {
        this.capacity = capacity;
    }

    /** A snapshot of the entries (all of them unless a capacity is set), oldest first. */
    public synchronized List<Entry> entries() {
        return List.copyOf(entries);
    }

    /** Requests to {@code endpoint}, whatever their status. */
    public synchronized long count(Endpoint endpoint) {
        return counts.getOrDefault(endpoint, 0L);
    }

    /** All requests, unknown paths included. */
    public synchronized long count() {
        return total;
    }

    public synchronized void clear() {
        entries.clear();
        counts.clear();
        total = 0;
    }

    /** Calls {@code listener} with each new entry, on the serving thread (e.g. to print it). */
    public void addListener(Consumer<Entry> listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    void record(Entry entry) {
        synchronized (this) {
            entries.addLast(entry);
            if (capacity > 0 && entries.size() > capacity) {
                entries.removeFirst();
            }
            total++;
            if (entry.endpoint() != null) {
                counts.merge(entry.endpoint(), 1L, Long::sum);
            }
        }
        for (Consumer<Entry> listener : listeners) {
            listener.accept(entry);
        }
    }
}
