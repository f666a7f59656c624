package io.complianceconnect.groups.sweep;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.Property;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Captures the log lines of INFO and above while open, for the engine tests that check what the log says. */
final class EngineLog extends AbstractAppender implements AutoCloseable {

    /** One line: its level and its rendered message. */
    record Line(Level level, String message) {
    }

    private final List<Line> lines = new CopyOnWriteArrayList<>();

    private EngineLog() {
        super("engine-log-" + System.nanoTime(), null, null, true, Property.EMPTY_ARRAY);
    }

    static EngineLog capture() {
        EngineLog log = new EngineLog();
        log.start();
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        Configuration config = context.getConfiguration();
        config.addAppender(log);
        config.getRootLogger().addAppender(log, Level.INFO, null);
        context.updateLoggers();
        return log;
    }

    @Override
    public void append(LogEvent event) {
        lines.add(new Line(event.getLevel(), event.getMessage().getFormattedMessage()));
    }

    /** The lines of {@code level} whose message contains {@code text}. */
    List<String> containing(Level level, String text) {
        return lines.stream().filter(l -> l.level() == level && l.message().contains(text)).map(Line::message).toList();
    }

    @Override
    public void close() {
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        context.getConfiguration().getRootLogger().removeAppender(getName());
        context.updateLoggers();
        stop();
    }
}
