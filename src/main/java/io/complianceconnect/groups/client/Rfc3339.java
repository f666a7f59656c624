package io.complianceconnect.groups.client;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;

/**
 * RFC 3339 timestamps to {@link Instant}. A hand-written path handles the common shape
 * {@code 2024-05-01T12:34:56.789Z} / {@code ...+02:00} without the formatter machinery, because a
 * 1,000-member page carries 2,000 timestamps; anything else goes to {@link DateTimeFormatter}.
 */
final class Rfc3339 {

    private Rfc3339() {
    }

    /**
     * @throws DateTimeException when the text is not an RFC 3339 date-time with an offset, a year of four
     *                           digits included: ISO 8601's expanded years ({@code +999999999-...}) would
     *                           give instants no java.util.Date or Avro timestamp-millis can hold
     */
    static Instant parse(String text) {
        if (text.length() < 5 || digits(text, 0, 4) < 0 || text.charAt(4) != '-') {
            throw new DateTimeException("not an RFC 3339 date-time: the year must be four digits");
        }
        Instant fast = parseCommonShape(text);
        return fast != null ? fast : OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
    }

    /** Null when the text is not in the common shape (the formatter then decides). */
    private static Instant parseCommonShape(String s) {
        int len = s.length();
        if (len < 20 || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(13) != ':' || s.charAt(16) != ':') {
            return null;
        }
        char separator = s.charAt(10);
        if (separator != 'T' && separator != 't' && separator != ' ') {
            return null;
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 7);
        int day = digits(s, 8, 10);
        int hour = digits(s, 11, 13);
        int minute = digits(s, 14, 16);
        int second = digits(s, 17, 19);
        if ((year | month | day | hour | minute | second) < 0 || hour > 23 || minute > 59 || second > 60) {
            return null;
        }
        int pos = 19;
        long nanos = 0;
        if (s.charAt(pos) == '.') {
            int start = ++pos;
            long scale = 100_000_000L;
            while (pos < len && isDigit(s.charAt(pos))) {
                nanos += (s.charAt(pos) - '0') * scale; // digits beyond nanoseconds add 0
                scale /= 10;
                pos++;
            }
            if (pos == start) {
                return null;
            }
        }
        int offsetSeconds;
        if (pos == len - 1 && (s.charAt(pos) == 'Z' || s.charAt(pos) == 'z')) {
            offsetSeconds = 0;
        } else if (pos == len - 6 && (s.charAt(pos) == '+' || s.charAt(pos) == '-') && s.charAt(pos + 3) == ':') {
            int offsetHours = digits(s, pos + 1, pos + 3);
            int offsetMinutes = digits(s, pos + 4, pos + 6);
            if (offsetHours < 0 || offsetMinutes < 0 || offsetHours > 23 || offsetMinutes > 59) {
                return null;
            }
            offsetSeconds = (offsetHours * 3600 + offsetMinutes * 60) * (s.charAt(pos) == '-' ? -1 : 1);
        } else {
            return null;
        }
        // LocalDate.of validates the calendar date (February 30 fails). A leap second reads as :59,
        // as DateTimeFormatter.ISO_INSTANT does.
        long epochDay = LocalDate.of(year, month, day).toEpochDay();
        long epochSecond = epochDay * 86_400 + hour * 3600L + minute * 60L + Math.min(second, 59) - offsetSeconds;
        return Instant.ofEpochSecond(epochSecond, nanos);
    }

    /** The decimal number in {@code s[from, to)}, or -1 if any character is not a digit. */
    private static int digits(String s, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (!isDigit(c)) {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
