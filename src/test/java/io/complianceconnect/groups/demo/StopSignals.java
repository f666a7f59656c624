package io.complianceconnect.groups.demo;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntConsumer;

/**
 * Ctrl-C and SIGTERM for the demo. The JVM's default reaction runs every shutdown hook at once,
 * and the embedded Kafka registers hooks that delete its data directories and stop logging while
 * the broker still runs, which ends the demo in a burst of errors. So the first signal only asks
 * the demo to stop, and the main thread shuts things down in order; a second one exits at once.
 */
final class StopSignals {

    private StopSignals() {
    }

    /** @param onFirstSignal gets the signal's number (2 for INT, 15 for TERM) */
    static void install(IntConsumer onFirstSignal) {
        AtomicBoolean signalled = new AtomicBoolean();
        for (String name : new String[] {"INT", "TERM"}) {
            try {
                // sun.misc.Signal (module jdk.unsupported) is the only way to replace the default
                // handler; without it the demo still stops on a signal, just less tidily.
                sun.misc.Signal.handle(new sun.misc.Signal(name), signal -> {
                    if (signalled.compareAndSet(false, true)) {
                        onFirstSignal.accept(signal.getNumber());
                    } else {
                        System.err.println("demo: second signal, exiting without cleaning up");
                        Runtime.getRuntime().halt(128 + signal.getNumber());
                    }
                });
            } catch (IllegalArgumentException | LinkageError e) {
                // unknown signal on this platform, or no jdk.unsupported: keep the JVM's default
            }
        }
    }
}
