package io.complianceconnect.groups.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Client for the Compliance API's group endpoints. Each method returns an {@link ApiCall}: one logical
 * request that retries retryable failures (429, 5xx, timeouts, resets, truncated bodies) with backoff,
 * within {@link ClientSettings#maxRetries()} and {@link ClientSettings#retryBudget()}. All calls of one
 * client share its request pacing. Thread-safe. Knows nothing of Kafka Connect.
 */
public final class ComplianceApiClient implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ComplianceApiClient.class);

    /** The documented page size range of the list endpoints. */
    public static final int MAX_PAGE_SIZE = 1000;

    private static final Pattern SCOPE = Pattern.compile("\\b[a-z]+:[a-z][a-z_]*[a-z]\\b");

    private final ClientSettings settings;
    private final ClientListener listener;
    private final HttpClient http;
    private final ResponseParser parser;
    private final RequestPacer pacer;
    private final Backoff backoff;
    private final CountDownLatch closeSignal = new CountDownLatch(1);
    private final Set<CompletableFuture<?>> inFlight = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    public ComplianceApiClient(ClientSettings settings) {
        this(settings, ClientListener.NO_OP);
    }

    public ComplianceApiClient(ClientSettings settings, ClientListener listener) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.http = HttpClient.newBuilder()
                .connectTimeout(settings.connectTimeout())
                // Never follow a redirect: it would carry the key to wherever it points.
                .followRedirects(HttpClient.Redirect.NEVER)
                .version("https".equalsIgnoreCase(settings.baseUrl().getScheme())
                        ? HttpClient.Version.HTTP_2 : HttpClient.Version.HTTP_1_1)
                .build();
        this.parser = new ResponseParser(new ObjectMapper());
        this.pacer = new RequestPacer(settings.requestsPerMinute());
        this.backoff = new Backoff(settings.backoffInitial(), settings.backoffMax(), settings.random());
    }

    /**
     * One page of groups.
     *
     * @param namePrefix only groups whose name starts with this; null or empty for all
     * @param pageToken  the previous page's {@link Page#nextPage()}, or null for the first page
     * @param limit      page size, 1 to 1000
     */
    public ApiCall<Page<Group>> listGroups(String namePrefix, String pageToken, int limit) {
        requirePageSize(limit);
        StringBuilder query = new StringBuilder("limit=").append(limit);
        appendParam(query, "page", pageToken);
        appendParam(query, "name_prefix", namePrefix);
        RequestSpec spec = new RequestSpec(Endpoint.LIST_GROUPS, "/v1/compliance/groups", query.toString(), null,
                pageToken != null, "list groups");
        return new ApiCall<>(this, spec, parser::groupsPage, null);
    }

    /** One group; empty when the API answers 404 (the group does not exist, or no longer does). */
    public ApiCall<Optional<Group>> getGroup(String groupId) {
        requireGroupId(groupId);
        RequestSpec spec = new RequestSpec(Endpoint.GET_GROUP, "/v1/compliance/groups/" + pathSegment(groupId), "",
                groupId, false, "get group " + groupId);
        return new ApiCall<>(this, spec, body -> Optional.of(parser.group(body)),
                (errorType, requestId) -> Optional.empty());
    }

    /**
     * One page of a group's members, each carrying {@code groupId}.
     *
     * @throws GroupNotFoundException (from {@link ApiCall#execute}) when the group does not exist
     */
    public ApiCall<Page<GroupMember>> listMembers(String groupId, String pageToken, int limit) {
        requireGroupId(groupId);
        requirePageSize(limit);
        StringBuilder query = new StringBuilder("limit=").append(limit);
        appendParam(query, "page", pageToken);
        RequestSpec spec = new RequestSpec(Endpoint.LIST_MEMBERS,
                "/v1/compliance/groups/" + pathSegment(groupId) + "/members", query.toString(), groupId,
                pageToken != null, "list the members of group " + groupId);
        return new ApiCall<>(this, spec, body -> parser.membersPage(body, groupId),
                (errorType, requestId) -> {
                    throw new GroupNotFoundException(groupId, errorType, requestId);
                });
    }

    /**
     * Every group, fetched page by page as the stream is consumed (blocking, with retries). A page token
     * that repeats within the walk ends it with a {@link ProtocolException}. An interrupt while waiting
     * ends it with a {@link RequestAbortedException} and the interrupt flag set.
     */
    public Stream<Group> allGroups(String namePrefix, int pageSize) {
        requirePageSize(pageSize);
        Spliterator<Group> pages = new Spliterators.AbstractSpliterator<>(Long.MAX_VALUE,
                Spliterator.ORDERED | Spliterator.NONNULL) {
            private final ListingGuard guard = new ListingGuard();
            private Iterator<Group> current = java.util.Collections.emptyIterator();
            private String nextToken;
            private boolean lastFetched;

            @Override
            public boolean tryAdvance(Consumer<? super Group> action) {
                while (!current.hasNext()) {
                    if (lastFetched) {
                        return false;
                    }
                    String token = nextToken;
                    Page<Group> page = blocking(listGroups(namePrefix, token, pageSize));
                    guard.check(token, page);
                    current = page.items().iterator();
                    nextToken = page.nextPage();
                    lastFetched = page.isLast();
                }
                action.accept(current.next());
                return true;
            }
        };
        return StreamSupport.stream(pages, false);
    }

    /**
     * Every member of a group, all pages (blocking, with retries).
     *
     * @throws GroupNotFoundException  when the group does not exist
     * @throws ProtocolException       when a page token repeats within the walk
     * @throws RequestAbortedException when interrupted (the interrupt flag is set again) or closed
     */
    public List<GroupMember> allMembers(String groupId, int pageSize) {
        requirePageSize(pageSize);
        ListingGuard guard = new ListingGuard();
        List<GroupMember> members = new ArrayList<>();
        String token = null;
        do {
            Page<GroupMember> page = blocking(listMembers(groupId, token, pageSize));
            guard.check(token, page);
            members.addAll(page.items());
            token = page.nextPage();
        } while (token != null);
        return members;
    }

    /** Stops the client: waits in progress end at once with a {@link RequestAbortedException}, and so do requests in flight. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        closeSignal.countDown();
        for (CompletableFuture<?> request : inFlight) {
            request.cancel(true);
        }
    }

    // ---- internals used by ApiCall ----

    /** What one request needs; {@code operation} is a short human description for messages. */
    record RequestSpec(Endpoint endpoint, String path, String query, String groupId, boolean carriesPageToken,
                       String operation) {
    }

    /** One HTTP response, read completely. */
    record Exchange(int status, HttpHeaders headers, byte[] body, String requestId, Instant receivedAt) {

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
    }

    /** Sends one attempt and reads the whole response. Records rate-limit headers and logs at DEBUG. */
    Exchange exchange(RequestSpec spec, int attempt) throws IOException, InterruptedException {
        URI uri = URI.create(settings.baseUrl() + spec.path() + (spec.query().isEmpty() ? "" : "?" + spec.query()));
        HttpRequest request = HttpRequest.newBuilder(uri)
                .GET()
                .timeout(settings.requestTimeout())
                .header("x-api-key", settings.apiKey())
                .header("anthropic-version", settings.apiVersion())
                .header("User-Agent", settings.userAgent())
                .header("Accept", "application/json")
                .build();
        long started = System.nanoTime();
        CompletableFuture<HttpResponse<byte[]>> future = http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray());
        inFlight.add(future);
        HttpResponse<byte[]> response;
        try {
            if (closed) {
                future.cancel(true);
            }
            // HttpRequest.timeout ends once the response headers arrive; a body that stops coming would
            // otherwise hold this attempt (and the task's poll) for ever.
            response = future.get(settings.requestTimeout().toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            future.cancel(true);
            throw e;
        } catch (TimeoutException e) {
            future.cancel(true);
            log.debug("GET {} timed out after {} ms on attempt {} (the response did not complete)", spec.path(),
                    millisSince(started), attempt);
            throw new HttpTimeoutException("no complete response within " + settings.requestTimeout().toMillis()
                    + " ms");
        } catch (CancellationException e) {
            throw aborted(e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (closed) {
                throw aborted(cause);
            }
            if (cause instanceof IOException io) {
                log.debug("GET {} failed after {} ms on attempt {}: {}", spec.path(), millisSince(started), attempt,
                        cause.toString());
                throw io;
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IOException(cause);
        } finally {
            inFlight.remove(future);
        }
        Duration latency = Duration.ofNanos(System.nanoTime() - started);
        Instant receivedAt = settings.clock().instant();
        HttpHeaders headers = response.headers();
        String requestId = headers.firstValue("request-id").orElse(null);
        log.debug("GET {} -> {} in {} ms (request-id {}, attempt {}, page token {})", spec.path(), response.statusCode(),
                latency.toMillis(), requestId, attempt, spec.carriesPageToken() ? "yes" : "no");
        observeRateLimit(headers, receivedAt);
        safely(() -> listener.requestCompleted(spec.endpoint(), response.statusCode(), latency));
        return new Exchange(response.statusCode(), headers, response.body(), requestId, receivedAt);
    }

    /** The typed exception for an error status; the body is used only for its error type and scope. */
    ComplianceApiException errorFor(RequestSpec spec, int status, ResponseParser.ErrorBody error, String requestId) {
        String type = error.type();
        String operation = spec.operation();
        return switch (status) {
            case 400 -> new InvalidRequestException(type, requestId, operation, spec.carriesPageToken());
            case 401 -> new AuthenticationException(type, requestId, operation);
            case 403 -> new PermissionException(type, requestId, operation, scopeIn(error.message()));
            case 404 -> spec.groupId() != null
                    ? new GroupNotFoundException(spec.groupId(), type, requestId)
                    : new ComplianceApiException(status, type, requestId, "The Compliance API has no endpoint at "
                    + spec.endpoint().pathTemplate() + " under " + settings.baseUrl()
                    + ". Check the base URL: it should be the API root, such as " + ClientSettings.DEFAULT_BASE_URL + ".");
            case 429 -> new ComplianceApiException(status, type, requestId, "The Compliance API rate limit is spent"
                    + " (about 600 requests a minute, shared by every key and consumer of the organisation) while"
                    + " trying to " + operation + ". Lower the request rate or wait.");
            default -> status >= 500
                    ? new ComplianceApiException(status, type, requestId, "The Compliance API failed with a server error"
                    + " while trying to " + operation + ". This is usually temporary.")
                    : new ComplianceApiException(status, type, requestId, "The Compliance API answered the request to "
                    + operation + " with an unexpected status. Check the base URL and any proxy in between.");
        };
    }

    static String scopeIn(String message) {
        if (message == null) {
            return null;
        }
        Matcher m = SCOPE.matcher(message);
        return m.find() ? m.group() : null;
    }

    /** Waits, unless the client is closed or closes meanwhile. */
    void pause(Duration wait) throws InterruptedException {
        ensureOpen();
        if (wait.isNegative() || wait.isZero()) {
            return;
        }
        Sleeper sleeper = settings.sleeper();
        if (sleeper == Sleeper.system()) {
            if (closeSignal.await(wait.toNanos(), TimeUnit.NANOSECONDS)) {
                throw aborted(null);
            }
        } else {
            sleeper.sleep(wait);
            ensureOpen();
        }
    }

    void ensureOpen() {
        if (closed) {
            throw aborted(null);
        }
    }

    ClientSettings settings() {
        return settings;
    }

    Clock clock() {
        return settings.clock();
    }

    RequestPacer pacer() {
        return pacer;
    }

    Backoff backoff() {
        return backoff;
    }

    ResponseParser parser() {
        return parser;
    }

    void notifyThrottled(Duration wait) {
        safely(() -> listener.throttled(wait));
    }

    void notifyRateLimited(Endpoint endpoint) {
        safely(() -> listener.rateLimited(endpoint));
    }

    void notifyRetryScheduled(Endpoint endpoint, String reason, Duration wait) {
        safely(() -> listener.retryScheduled(endpoint, reason, wait));
    }

    private void observeRateLimit(HttpHeaders headers, Instant now) {
        Long limit = headers.firstValue("anthropic-ratelimit-requests-limit").map(ComplianceApiClient::longOrNull).orElse(null);
        Long remaining = headers.firstValue("anthropic-ratelimit-requests-remaining").map(ComplianceApiClient::longOrNull).orElse(null);
        Instant reset = headers.firstValue("anthropic-ratelimit-requests-reset").map(ComplianceApiClient::instantOrNull).orElse(null);
        pacer.observe(now, limit, remaining, reset);
    }

    private static Long longOrNull(String text) {
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
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

    private <T> T blocking(ApiCall<T> call) {
        try {
            return call.execute();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RequestAbortedException("Interrupted while waiting for the Compliance API (" + call.endpoint()
                    + "); the walk was abandoned.", e);
        }
    }

    private RequestAbortedException aborted(Throwable cause) {
        return new RequestAbortedException("The Compliance API client was closed; the request was abandoned.", cause);
    }

    private void safely(Runnable listenerCall) {
        try {
            listenerCall.run();
        } catch (RuntimeException e) {
            log.warn("A ClientListener failed; ignoring it", e);
        }
    }

    private static long millisSince(long startedNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos);
    }

    private static void requirePageSize(int limit) {
        if (limit < 1 || limit > MAX_PAGE_SIZE) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_PAGE_SIZE + ", was " + limit);
        }
    }

    private static void requireGroupId(String groupId) {
        if (groupId == null || groupId.isBlank()) {
            throw new IllegalArgumentException("groupId must be a non-empty group id");
        }
    }

    private static void appendParam(StringBuilder query, String name, String value) {
        if (value != null && !value.isEmpty()) {
            query.append('&').append(name).append('=').append(encode(value));
        }
    }

    /** Percent-encoding for a query value or a path segment (spaces as %20, not '+'). */
    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String pathSegment(String value) {
        return encode(value);
    }
}
