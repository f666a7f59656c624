package io.complianceconnect.groups.client;

import io.complianceconnect.groups.simulator.MutableClock;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.random.RandomGenerator;

/** Test doubles that are not mocks of anything: a recording sleeper, a recording listener, captured logs. */
final class ClientTestSupport {

    /** A key that must never show up anywhere. */
    static final String KEY = "sk-ant-api01-TEST.ONLY.secret.7f3c9a";

    private ClientTestSupport() {
    }

    /** A generator whose nextDouble() is always {@code fraction} (nextDouble uses the top 53 bits of nextLong). */
    static RandomGenerator fixedRandom(double fraction) {
        long bits = (long) (fraction * (1L << 53)) << 11;
        return () -> bits;
    }

    /** Records every wait instead of sleeping; with a clock, moves it forward by the wait. */
    static final class FakeSleeper implements Sleeper {
        private final List<Duration> waits = new CopyOnWriteArrayList<>();
        private final MutableClock clock;

        FakeSleeper() {
            this(null);
        }

        FakeSleeper(MutableClock clock) {
            this.clock = clock;
        }

        @Override
        public void sleep(Duration duration) {
            waits.add(duration);
            if (clock != null) {
                clock.advance(duration);
            }
        }

        List<Duration> waits() {
            return List.copyOf(waits);
        }

        Duration total() {
            return waits.stream().reduce(Duration.ZERO, Duration::plus);
        }
    }

    /** Records what the client reports. */
    static final class RecordingListener implements ClientListener {
        final List<String> completed = new CopyOnWriteArrayList<>();
        final List<String> retries = new CopyOnWriteArrayList<>();
        final List<Duration> retryWaits = new CopyOnWriteArrayList<>();
        final List<Endpoint> rateLimited = new CopyOnWriteArrayList<>();
        final List<Duration> throttled = new CopyOnWriteArrayList<>();
        final List<String> malformed = new CopyOnWriteArrayList<>();

        @Override
        public void requestCompleted(Endpoint endpoint, int status, Duration latency) {
            completed.add(endpoint + " " + status);
        }

        @Override
        public void retryScheduled(Endpoint endpoint, String reason, Duration wait) {
            retries.add(endpoint + " " + reason);
            retryWaits.add(wait);
        }

        @Override
        public void rateLimited(Endpoint endpoint) {
            rateLimited.add(endpoint);
        }

        @Override
        public void throttled(Duration wait) {
            throttled.add(wait);
        }

        @Override
        public void malformedRow(Endpoint endpoint, MalformedRow row, String requestId) {
            malformed.add(endpoint + " " + row.kind() + " " + row.field() + " " + requestId);
        }
    }

    /** Collects the client's log lines (all levels) while open. */
    static final class CapturedLogs implements AutoCloseable {
        private static final String CLIENT_PACKAGE = "io.complianceconnect.groups.client";
        private final List<String> lines = new CopyOnWriteArrayList<>();
        private final LoggerContext context = (LoggerContext) LogManager.getContext(false);
        private final AbstractAppender appender;
        private final LoggerConfig config;

        CapturedLogs() {
            appender = new AbstractAppender("captured-" + System.nanoTime(), null, null, true, Property.EMPTY_ARRAY) {
                @Override
                public void append(LogEvent event) {
                    if (!event.getLoggerName().startsWith(CLIENT_PACKAGE)) {
                        return;
                    }
                    StringBuilder line = new StringBuilder(event.getLevel().name()).append(' ')
                            .append(event.getMessage().getFormattedMessage());
                    for (Throwable t = event.getThrown(); t != null; t = t.getCause()) {
                        line.append(" | ").append(t);
                    }
                    lines.add(line.toString());
                }
            };
            appender.start();
            config = context.getConfiguration().getLoggerConfig(CLIENT_PACKAGE);
            if (!config.getLevel().isLessSpecificThan(Level.DEBUG)) {
                throw new IllegalStateException("log4j2-test.xml must log " + CLIENT_PACKAGE + " at DEBUG");
            }
            config.addAppender(appender, Level.ALL, null);
            context.updateLoggers();
        }

        List<String> lines() {
            return new ArrayList<>(lines);
        }

        @Override
        public void close() {
            config.removeAppender(appender.getName());
            context.updateLoggers();
            appender.stop();
        }
    }
}
