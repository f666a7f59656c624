package io.complianceconnect.groups.client;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;

/** Passes events on to a {@link ClientListener}; a listener that throws is logged and ignored, never fails a request. */
final class SafeListener implements ClientListener {

    private static final Logger log = LoggerFactory.getLogger(SafeListener.class);

    private final ClientListener delegate;

    SafeListener(ClientListener delegate) {
        this.delegate = delegate;
    }

    @Override
    public void requestCompleted(Endpoint endpoint, int status, Duration latency) {
        safely(() -> delegate.requestCompleted(endpoint, status, latency));
    }

    @Override
    public void retryScheduled(Endpoint endpoint, String reason, Duration wait) {
        safely(() -> delegate.retryScheduled(endpoint, reason, wait));
    }

    @Override
    public void rateLimited(Endpoint endpoint) {
        safely(() -> delegate.rateLimited(endpoint));
    }

    @Override
    public void throttled(Duration wait) {
        safely(() -> delegate.throttled(wait));
    }

    @Override
    public void malformedRow(Endpoint endpoint, MalformedRow row, String requestId) {
        safely(() -> delegate.malformedRow(endpoint, row, requestId));
    }

    private static void safely(Runnable listenerCall) {
        try {
            listenerCall.run();
        } catch (RuntimeException e) {
            log.warn("A ClientListener failed; ignoring it", e);
        }
    }
}
