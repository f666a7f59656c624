package io.complianceconnect.groups.client;

import java.math.BigDecimal;
import java.net.http.HttpHeaders;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Optional;

/**
 * What the headers of one response tell the client: the request id, whether to retry and when, and the
 * organisation's rate-limit budget. Unreadable values count as absent: a header is advice, never a
 * reason to fail.
 */
final class ResponseHeaders {

    /** The {@code anthropic-ratelimit-requests-*} figures; each part is null when absent or unreadable. */
    record RateLimit(Long limit, Long remaining, Instant reset) {
    }

    private final HttpHeaders headers;
    private final Instant receivedAt;

    ResponseHeaders(HttpHeaders headers, Instant receivedAt) {
        this.headers = headers;
        this.receivedAt = receivedAt;
    }

    /** When the response arrived, by the client's clock. */
    Instant receivedAt() {
        return receivedAt;
    }

    /** The server's clock when it answered ({@code Date}, an HTTP date), or null when absent or unreadable. */
    Instant serverTime() {
        return headers.firstValue("date").map(ResponseHeaders::httpDateOrNull).orElse(null);
    }

    /** The {@code request-id} support asks for, or null. */
    String requestId() {
        return headers.firstValue("request-id").orElse(null);
    }

    /** {@code x-should-retry}: true or false when present and readable, else null. */
    Boolean shouldRetry() {
        return headers.firstValue("x-should-retry")
                .map(v -> v.trim().toLowerCase(Locale.ROOT))
                .filter(v -> v.equals("true") || v.equals("false"))
                .map(Boolean::valueOf)
                .orElse(null);
    }

    /** {@code retry-after-ms} or {@code retry-after} (seconds or an HTTP date), else null. */
    Duration retryAfter() {
        Optional<String> millis = headers.firstValue("retry-after-ms");
        if (millis.isPresent()) {
            Duration d = decimal(millis.get(), 1);
            if (d != null) {
                return d;
            }
        }
        Optional<String> value = headers.firstValue("retry-after");
        if (value.isEmpty()) {
            return null;
        }
        Duration d = decimal(value.get(), 1000);
        if (d != null) {
            return d;
        }
        try {
            Duration untilDate = Duration.between(receivedAt,
                    ZonedDateTime.parse(value.get().trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
            return untilDate.isNegative() ? Duration.ZERO : untilDate;
        } catch (DateTimeException e) {
            return null;
        }
    }

    RateLimit rateLimit() {
        return new RateLimit(
                headers.firstValue("anthropic-ratelimit-requests-limit").map(ResponseHeaders::longOrNull).orElse(null),
                headers.firstValue("anthropic-ratelimit-requests-remaining").map(ResponseHeaders::longOrNull).orElse(null),
                headers.firstValue("anthropic-ratelimit-requests-reset").map(ResponseHeaders::instantOrNull).orElse(null));
    }

    private static Duration decimal(String text, int millisPerUnit) {
        try {
            BigDecimal amount = new BigDecimal(text.trim());
            if (amount.signum() < 0) {
                return null;
            }
            return Duration.ofNanos(amount.multiply(BigDecimal.valueOf(millisPerUnit * 1_000_000L)).longValue());
        } catch (NumberFormatException | ArithmeticException e) {
            return null;
        }
    }

    private static Long longOrNull(String text) {
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Instant httpDateOrNull(String text) {
        try {
            return ZonedDateTime.parse(text.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        } catch (DateTimeException e) {
            return null;
        }
    }

    private static Instant instantOrNull(String text) {
        try {
            return Rfc3339.parse(text.trim());
        } catch (DateTimeException e) {
            return null;
        }
    }
}
