package io.complianceconnect.groups.integration;

import java.util.function.Supplier;

/**
 * Waits for a condition, polling. Kafka's own {@code TestUtils.waitForCondition} lives in a test jar that
 * not every Kafka version publishes (4.4 has none for kafka-clients), and the integration tests compile
 * against every Connect version of the compatibility matrix.
 */
final class Eventually {

    /** A condition that may throw (an exception or an AssertionError) while it is not yet met; that counts as not met. */
    @FunctionalInterface
    interface Condition {
        boolean met() throws Exception;
    }

    private static final long POLL_MS = 100;

    private Eventually() {
    }

    static void until(Condition condition, long maxWaitMs, String failureMessage) throws InterruptedException {
        until(condition, maxWaitMs, () -> failureMessage);
    }

    /**
     * @throws AssertionError with the message (and the last exception the condition threw, as its cause) when
     *                        the condition is not met within {@code maxWaitMs}
     */
    static void until(Condition condition, long maxWaitMs, Supplier<String> failureMessage)
            throws InterruptedException {
        long deadline = System.nanoTime() + maxWaitMs * 1_000_000;
        Throwable last = null;
        while (true) {
            try {
                if (condition.met()) {
                    return;
                }
                last = null;
            } catch (Exception | AssertionError e) {
                last = e;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("Condition not met within " + maxWaitMs + " ms: " + failureMessage.get(),
                        last);
            }
            Thread.sleep(POLL_MS);
        }
    }
}
