package io.complianceconnect.groups.state;

import java.time.Instant;
import java.util.Map;

/**
 * How far the activity feed has been read, as stored in the {@code {kind=feed}} offset: activities
 * created before {@code watermark} (less the re-read window) have been handled.
 */
public record FeedPosition(Instant watermark) {

    static final int VERSION = 1;

    public Map<String, Object> toOffset() {
        return Map.of("v", VERSION, "watermark_ms", watermark.toEpochMilli());
    }

    /** Null when nothing is stored. */
    public static FeedPosition fromOffset(Map<String, ?> offset) {
        if (offset == null) {
            return null;
        }
        OffsetFields f = new OffsetFields("feed", offset);
        f.requireVersion(VERSION);
        return new FeedPosition(Instant.ofEpochMilli(f.number("watermark_ms")));
    }
}
