package io.complianceconnect.groups.simulator;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One misbehaviour the simulator can show on a request, see {@link FaultInjector}. Immutable; made
 * by the static factories. Headers added with {@link #withHeader} go on whatever response the fault
 * produces.
 */
public final class Fault {

    /** What the fault does to the request. */
    public enum Kind {
        STATUS,
        RATE_LIMITED,
        LATENCY,
        TRUNCATED_BODY,
        CONNECTION_RESET,
        HAS_MORE_WITHOUT_TOKEN,
        REPEATED_TOKEN,
        EXPIRED_TOKEN,
        EXTRA_FIELDS,
        NULL_TIMESTAMPS_AND_ROLES,
        REWRITTEN_BODY
    }

    private final Kind kind;
    private final int status;
    private final String errorType;
    private final Integer retryAfterSeconds;
    private final Duration delay;
    private final Map<String, String> headers;
    private final Map<String, String> rewrites;

    private Fault(Kind kind, int status, String errorType, Integer retryAfterSeconds, Duration delay,
            Map<String, String> headers) {
        this(kind, status, errorType, retryAfterSeconds, delay, headers, Map.of());
    }

    private Fault(Kind kind, int status, String errorType, Integer retryAfterSeconds, Duration delay,
            Map<String, String> headers, Map<String, String> rewrites) {
        this.kind = kind;
        this.status = status;
        this.errorType = errorType;
        this.retryAfterSeconds = retryAfterSeconds;
        this.delay = delay;
        this.headers = Map.copyOf(headers);
        this.rewrites = Map.copyOf(rewrites);
    }

    private static Fault of(Kind kind) {
        return new Fault(kind, 0, null, null, null, Map.of());
    }

    /** An error response with the documented body, e.g. {@code status(503, "overloaded_error")}. */
    public static Fault status(int status, String errorType) {
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("an error status is 4xx or 5xx, got " + status);
        }
        Objects.requireNonNull(errorType, "errorType");
        return new Fault(Kind.STATUS, status, errorType, null, null, Map.of());
    }

    /**
     * An error status whose body is not the API's error shape but an HTML page, as a proxy or gateway in
     * front of the API might answer: no {@code error.type} at all ({@link #errorType()} is null).
     */
    public static Fault statusWithoutErrorBody(int status) {
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("an error status is 4xx or 5xx, got " + status);
        }
        return new Fault(Kind.STATUS, status, null, null, null, Map.of());
    }

    /** 429 {@code rate_limit_error}; {@code retryAfterSeconds} null means no {@code retry-after} header. */
    public static Fault rateLimited(Integer retryAfterSeconds) {
        if (retryAfterSeconds != null && retryAfterSeconds < 0) {
            throw new IllegalArgumentException("retry-after must not be negative");
        }
        return new Fault(Kind.RATE_LIMITED, 429, "rate_limit_error", retryAfterSeconds, null, Map.of());
    }

    /** Waits {@code delay} (real time, not the simulator's clock), then serves the request normally. */
    public static Fault latency(Duration delay) {
        if (delay.isNegative()) {
            throw new IllegalArgumentException("delay must not be negative");
        }
        return new Fault(Kind.LATENCY, 0, null, null, delay, Map.of());
    }

    /** 200 whose body is the first half of the normal JSON, with a matching Content-Length. */
    public static Fault truncatedBody() {
        return of(Kind.TRUNCATED_BODY);
    }

    /**
     * The response head (200, with the Content-Length of the full body) and half the body are sent,
     * then the connection is closed: the client reads a premature end of stream. (The JDK server
     * gives no access to the socket, so this is a close mid-body rather than a TCP RST.)
     */
    public static Fault connectionReset() {
        return of(Kind.CONNECTION_RESET);
    }

    /** A list page with {@code has_more: true} and {@code next_page: null}. List endpoints only. */
    public static Fault hasMoreWithoutToken() {
        return of(Kind.HAS_MORE_WITHOUT_TOKEN);
    }

    /**
     * A list page whose {@code next_page} is the token it was asked with, or for a first page a
     * token that leads back to the first page; {@code has_more} is true. List endpoints only.
     */
    public static Fault repeatedToken() {
        return of(Kind.REPEATED_TOKEN);
    }

    /** 400 {@code invalid_request_error} exactly as for an expired page token. List endpoints only. */
    public static Fault expiredToken() {
        return new Fault(Kind.EXPIRED_TOKEN, 400, "invalid_request_error", null, null, Map.of());
    }

    /** Unknown fields of several JSON types on every object of the response, the envelope included. */
    public static Fault extraFields() {
        return of(Kind.EXTRA_FIELDS);
    }

    /** {@code created_at}, {@code updated_at} and (for groups) {@code roles} null on every object. */
    public static Fault nullTimestampsAndRoles() {
        return of(Kind.NULL_TIMESTAMPS_AND_ROLES);
    }

    /**
     * The normal answer with every occurrence of {@code target} in its JSON text replaced: a row that does
     * not match the documented types, e.g. {@code rewrittenBody("\"name\":\"Legal\"", "\"name\":null")}. The
     * bodies are compact JSON, so a field reads {@code "name":"value"}.
     */
    public static Fault rewrittenBody(String target, String replacement) {
        if (target == null || target.isEmpty()) {
            throw new IllegalArgumentException("target must be non-empty text of the body");
        }
        Objects.requireNonNull(replacement, "replacement");
        return new Fault(Kind.REWRITTEN_BODY, 0, null, null, null, Map.of(), Map.of(target, replacement));
    }

    /** A copy that also sends this header, e.g. {@code withHeader("x-should-retry", "false")}. */
    public Fault withHeader(String name, String value) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new Fault(kind, status, errorType, retryAfterSeconds, delay, more, rewrites);
    }

    public Kind kind() {
        return kind;
    }

    /** The HTTP status of an error fault; 0 for faults that do not replace the response. */
    public int status() {
        return status;
    }

    /** The {@code error.type} of an error fault, else null. */
    public String errorType() {
        return errorType;
    }

    /** The {@code retry-after} of {@link #rateLimited}, or null. */
    public Integer retryAfterSeconds() {
        return retryAfterSeconds;
    }

    /** The delay of {@link #latency}, else null. */
    public Duration delay() {
        return delay;
    }

    public Map<String, String> headers() {
        return headers;
    }

    /** The replacements of {@link #rewrittenBody}, target to replacement; else empty. */
    public Map<String, String> rewrites() {
        return rewrites;
    }

    /** Whether the fault only makes sense on a listing (it shapes or rejects page tokens). */
    boolean needsListing() {
        return kind == Kind.HAS_MORE_WITHOUT_TOKEN || kind == Kind.REPEATED_TOKEN || kind == Kind.EXPIRED_TOKEN;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Fault f && kind == f.kind && status == f.status && Objects.equals(errorType, f.errorType)
                && Objects.equals(retryAfterSeconds, f.retryAfterSeconds) && Objects.equals(delay, f.delay)
                && headers.equals(f.headers) && rewrites.equals(f.rewrites);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, status, errorType, retryAfterSeconds, delay, headers, rewrites);
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("Fault[").append(kind);
        if (status != 0) {
            s.append(' ').append(status).append(' ').append(errorType);
        }
        if (retryAfterSeconds != null) {
            s.append(" retry-after=").append(retryAfterSeconds);
        }
        if (delay != null) {
            s.append(" delay=").append(delay);
        }
        if (!headers.isEmpty()) {
            s.append(" headers=").append(headers);
        }
        if (!rewrites.isEmpty()) {
            s.append(" rewrites=").append(rewrites);
        }
        return s.append(']').toString();
    }
}
