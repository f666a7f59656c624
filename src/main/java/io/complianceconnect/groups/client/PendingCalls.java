package io.complianceconnect.groups.client;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Calls that had to wait ({@link RetryLaterException}), kept by what they request: a caller that
 * cannot block long (a task's {@code poll()}) makes the same request again on its next turn, and
 * that continues the waiting {@link ApiCall} with its attempt count and retry budget instead of
 * starting a new one. A call that returned or failed for good is not kept, so the next request
 * for the same key is a fresh one. Not thread-safe: one owner, on one thread.
 */
public final class PendingCalls {

    private final Map<RequestKey<?>, ApiCall<?>> waiting = new HashMap<>();
    private final Runnable onResult;

    public PendingCalls() {
        this(() -> { });
    }

    /** @param onResult runs after each call that returned a result (to count requests, say) */
    public PendingCalls(Runnable onResult) {
        this.onResult = onResult;
    }

    /**
     * Runs the request: continues the call that waits under {@code key}, or starts {@code newCall}.
     *
     * @throws RetryLaterException when the call must wait longer than {@code maxBlock}; it is kept
     *                             under {@code key}
     * @see ApiCall#execute(Duration)
     */
    public <T> T execute(RequestKey<T> key, Supplier<ApiCall<T>> newCall, Duration maxBlock)
            throws InterruptedException {
        @SuppressWarnings("unchecked")
        ApiCall<T> call = (ApiCall<T>) waiting.remove(key);
        if (call == null) {
            call = newCall.get();
        }
        try {
            T result = call.execute(maxBlock);
            onResult.run();
            return result;
        } catch (RetryLaterException e) {
            waiting.put(key, call);
            throw e;
        }
    }

    /** Drops the call waiting under {@code key}, if any: the next request for it starts afresh. */
    public void forget(RequestKey<?> key) {
        waiting.remove(key);
    }

    /** Whether a call waits under {@code key}. A test seam: production only ever runs the call on. */
    boolean isWaiting(RequestKey<?> key) {
        return waiting.containsKey(key);
    }
}
