package io.complianceconnect.groups.integration;

import java.io.IOException;
import java.time.Duration;

/**
 * Ends a child JVM of a test when its parent goes. The parent holds the write end of the child's
 * standard input; the operating system closes it when the parent exits, is killed, or closes it on
 * purpose, so a read that returns end-of-file means no one is left to stop this JVM. Without it, a
 * child worker outlives a test JVM killed by a timeout or by hand, holding ports and CPU.
 */
final class ParentWatchdog {

    private ParentWatchdog() {
    }

    /**
     * Watches standard input on a daemon thread; at its end runs {@code gracefulStop}, then halts the
     * JVM, at the latest {@code grace} after the end (a stop that hangs never keeps the JVM alive).
     */
    static void stopWhenTheParentGoes(Runnable gracefulStop, Duration grace) {
        Thread watchdog = new Thread(() -> {
            awaitEndOfInput();
            Thread halter = new Thread(() -> {
                try {
                    Thread.sleep(grace.toMillis());
                } catch (InterruptedException ignored) {
                    // Halting anyway.
                }
                Runtime.getRuntime().halt(2);
            }, "parent-watchdog-halt");
            halter.setDaemon(true);
            halter.start();
            try {
                gracefulStop.run();
            } finally {
                Runtime.getRuntime().halt(0);
            }
        }, "parent-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
    }

    private static void awaitEndOfInput() {
        byte[] buffer = new byte[256];
        try {
            while (System.in.read(buffer) != -1) {
                // The parent writes nothing; only the end matters.
            }
        } catch (IOException closed) {
            // The pipe broke: the parent is gone just the same.
        }
    }
}
