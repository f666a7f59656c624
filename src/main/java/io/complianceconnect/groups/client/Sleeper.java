package io.complianceconnect.groups.client;

import java.time.Duration;

/**
 * How the client waits between attempts and for pacing. Tests inject a fake one that records the
 * requested waits (and may advance a fake clock) so that no test sleeps for real.
 */
@FunctionalInterface
public interface Sleeper {

    void sleep(Duration duration) throws InterruptedException;

    /**
     * The default: a real wait. The client recognises this instance and waits on its own close
     * signal instead, so that {@link ComplianceApiClient#close()} ends the wait at once.
     */
    static Sleeper system() {
        return SystemSleeper.INSTANCE;
    }
}

final class SystemSleeper implements Sleeper {
    static final SystemSleeper INSTANCE = new SystemSleeper();

    private SystemSleeper() {
    }

    @Override
    public void sleep(Duration duration) throws InterruptedException {
        if (!duration.isNegative() && !duration.isZero()) {
            Thread.sleep(duration.toMillis(), (int) (duration.toNanosPart() % 1_000_000));
        }
    }

    @Override
    public String toString() {
        return "Sleeper.system()";
    }
}
