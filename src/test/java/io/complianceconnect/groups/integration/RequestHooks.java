package io.complianceconnect.groups.integration;

import io.complianceconnect.groups.simulator.ComplianceApiSimulator;
import io.complianceconnect.groups.simulator.Endpoint;
import io.complianceconnect.groups.simulator.RequestLog;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * One-shot actions run at a chosen request of the simulator: inject a fault, change the directory
 * or stop a worker exactly there. An action runs on the simulator's serving thread after the
 * request's response has been computed and before it is sent, so it affects the requests that
 * follow, and an action that blocks holds that response back.
 *
 * <p>The simulator's request log cannot drop a listener, so a test class registers one instance
 * and {@link #clear()}s it after each test (or {@link #close()}s it after its only test). Both fail
 * when a hook never fired: a fault that was never injected, or a change never made, would let the
 * test pass without the situation it is about.
 */
final class RequestHooks implements AutoCloseable {

    /** @param registered where the hook was registered, to name it when it never fires */
    private record Hook(Predicate<RequestLog.Entry> when, int nth, Consumer<RequestLog.Entry> action,
                        AtomicInteger matches, AtomicBoolean fired, Throwable registered) {
    }

    private final List<Hook> hooks = new CopyOnWriteArrayList<>();
    private final List<Throwable> failures = new CopyOnWriteArrayList<>();

    RequestHooks(ComplianceApiSimulator simulator) {
        simulator.requestLog().addListener(this::onRequest);
    }

    /** Runs {@code action} once, at the first request from now on that matches {@code when}. */
    void onFirst(Predicate<RequestLog.Entry> when, Consumer<RequestLog.Entry> action) {
        onNth(when, 1, action);
    }

    /** Runs {@code action} once, at the {@code nth} request from now on that matches {@code when}. */
    void onNth(Predicate<RequestLog.Entry> when, int nth, Consumer<RequestLog.Entry> action) {
        hooks.add(new Hook(when, nth, action, new AtomicInteger(), new AtomicBoolean(),
                new Throwable("the hook that never fired was registered here")));
    }

    /**
     * Drops every hook; fails when an action threw (the simulator's thread would have swallowed it)
     * or a hook never fired.
     */
    void clear() {
        List<Hook> dropped = List.copyOf(hooks);
        hooks.clear();
        List<Throwable> problems = new ArrayList<>(failures);
        failures.clear();
        for (Hook hook : dropped) {
            if (!hook.fired().get()) {
                problems.add(new AssertionError("a request hook never fired: " + hook.matches().get() + " of "
                        + hook.nth() + " matching requests seen", hook.registered()));
            }
        }
        if (!problems.isEmpty()) {
            AssertionError error = new AssertionError(problems.size() + " request hook(s) failed or never fired");
            problems.forEach(error::addSuppressed);
            throw error;
        }
    }

    /** The same as {@link #clear()}, for try-with-resources. */
    @Override
    public void close() {
        clear();
    }

    private void onRequest(RequestLog.Entry entry) {
        for (Hook hook : hooks) {
            if (!hook.fired().get() && hook.when().test(entry) && hook.matches().incrementAndGet() == hook.nth()
                    && hook.fired().compareAndSet(false, true)) {
                try {
                    hook.action().accept(entry);
                } catch (RuntimeException | AssertionError e) {
                    // Thrown here it would cut the simulator's response; report it from clear() instead.
                    failures.add(e);
                }
            }
        }
    }

    // ---- predicates -------------------------------------------------------------------------------

    /**
     * A request of the connector's task to {@code endpoint}, not one of the one-row probes that
     * {@code validate()} sends when the connector is configured (they ask for {@code limit=1}).
     */
    static Predicate<RequestLog.Entry> taskRequest(Endpoint endpoint) {
        return e -> e.endpoint() == endpoint && !"1".equals(e.query().get("limit"));
    }

    /** A list request that carries a page token (so not a listing's first page). */
    static Predicate<RequestLog.Entry> withPageToken() {
        return e -> e.query().containsKey("page");
    }

    /** A list request for a listing's first page. */
    static Predicate<RequestLog.Entry> firstPage() {
        return e -> !e.query().containsKey("page");
    }

    /** A request about one group (its GET or its member listing). */
    static Predicate<RequestLog.Entry> aboutGroup(String groupId) {
        return e -> groupId.equals(groupIdOf(e));
    }

    /** The group id in a request's path, or null for the groups listing. */
    static String groupIdOf(RequestLog.Entry entry) {
        String[] segments = entry.path().split("/");
        // "", "v1", "compliance", "groups", id[, "members"]
        return segments.length >= 5 ? segments[4] : null;
    }
}
