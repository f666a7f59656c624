package io.complianceconnect.groups.integration;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.logging.log4j.core.config.Property;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Every log event of the JVM (the Connect workers, the broker, the connector, the simulator), kept
 * in memory with its rendered message and stack trace, through an appender attached to the root
 * logger of the log4j2 configuration the tests run with.
 */
final class LogCapture extends AbstractAppender implements AutoCloseable {

    /** One log event, rendered. {@code thrown} is the full stack trace with causes, or empty. */
    record Line(Level level, String logger, String message, String thrown) {
        String text() {
            return message + (thrown.isEmpty() ? "" : "\n" + thrown);
        }

        /** INFO, WARN, ERROR, FATAL: what a production log keeps. */
        boolean aboveDebug() {
            return level.isMoreSpecificThan(Level.INFO);
        }

        @Override
        public String toString() {
            return level + " " + logger + " - " + text();
        }
    }

    private final List<Line> lines = new CopyOnWriteArrayList<>();
    private final String[] debugLoggers;

    private LogCapture(String[] debugLoggers) {
        super("test-capture-" + System.nanoTime(), null, null, true, Property.EMPTY_ARRAY);
        this.debugLoggers = debugLoggers;
    }

    /**
     * Starts capturing. The named loggers are switched to DEBUG meanwhile (the rest of the JVM keeps
     * the configured INFO), so that their debug lines are checked too.
     */
    static LogCapture attach(String... debugLoggers) {
        LogCapture capture = new LogCapture(debugLoggers);
        capture.start();
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        Configuration config = context.getConfiguration();
        config.addAppender(capture);
        config.getRootLogger().addAppender(capture, Level.ALL, null);
        context.updateLoggers();
        for (String logger : debugLoggers) {
            Configurator.setLevel(logger, Level.DEBUG);
        }
        return capture;
    }

    @Override
    public void append(LogEvent event) {
        // Events may be reused by log4j once this returns: render now.
        String thrown = "";
        if (event.getThrown() != null) {
            StringWriter trace = new StringWriter();
            event.getThrown().printStackTrace(new PrintWriter(trace));
            thrown = trace.toString();
        }
        lines.add(new Line(event.getLevel(), event.getLoggerName(), event.getMessage().getFormattedMessage(), thrown));
    }

    List<Line> lines() {
        return List.copyOf(lines);
    }

    void clear() {
        lines.clear();
    }

    /** Lines whose message contains {@code text}. */
    List<Line> containing(String text) {
        return lines.stream().filter(l -> l.message().contains(text)).toList();
    }

    @Override
    public void close() {
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        Configuration config = context.getConfiguration();
        config.getRootLogger().removeAppender(getName());
        for (String logger : debugLoggers) {
            Configurator.setLevel(logger, Level.INFO);
        }
        context.updateLoggers();
        stop();
    }
}
