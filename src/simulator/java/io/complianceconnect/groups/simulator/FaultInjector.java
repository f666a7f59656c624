package io.complianceconnect.groups.simulator;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * Per-endpoint fault injection. A request takes at most one fault: first from the queue of counted
 * faults ({@link #inject}, in the order injected), else the standing one ({@link #injectAlways}).
 * A fault is used up by a request that passed authentication, the version check, the rate limit and
 * the scope check, i.e. one that reached the endpoint; rejected requests leave it in place.
 * Thread-safe.
 */
public final class FaultInjector {

    private static final class Counted {
        final Fault fault;
        int remaining;

        Counted(Fault fault, int remaining) {
            this.fault = fault;
            this.remaining = remaining;
        }
    }

    private final Map<Endpoint, Deque<Counted>> counted = new EnumMap<>(Endpoint.class);
    private final Map<Endpoint, Fault> standing = new EnumMap<>(Endpoint.class);

    FaultInjector() {
    }

    /** The next {@code times} requests to {@code endpoint} get {@code fault}. */
    public synchronized void inject(Endpoint endpoint, Fault fault, int times) {
        check(endpoint, fault);
        if (times < 1) {
            throw new IllegalArgumentException("times must be at least 1, got " + times);
        }
        counted.computeIfAbsent(endpoint, e -> new ArrayDeque<>()).addLast(new Counted(fault, times));
    }

    /** Every request to {@code endpoint} gets {@code fault} until {@link #clear()}. */
    public synchronized void injectAlways(Endpoint endpoint, Fault fault) {
        check(endpoint, fault);
        standing.put(endpoint, fault);
    }

    /** Removes every fault of every endpoint. */
    public synchronized void clear() {
        counted.clear();
        standing.clear();
    }

    /** Takes the fault for one request to {@code endpoint}, or null when there is none. */
    synchronized Fault next(Endpoint endpoint) {
        Deque<Counted> queue = counted.get(endpoint);
        if (queue != null && !queue.isEmpty()) {
            Counted head = queue.peekFirst();
            if (--head.remaining == 0) {
                queue.removeFirst();
            }
            return head.fault;
        }
        return standing.get(endpoint);
    }

    private static void check(Endpoint endpoint, Fault fault) {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(fault, "fault");
        if (fault.needsListing() && !endpoint.isListing()) {
            throw new IllegalArgumentException(fault.kind() + " applies to list endpoints only, not " + endpoint);
        }
    }
}
