package io.complianceconnect.groups.simulator;

import com.sun.net.httpserver.HttpServer;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLContext;

/**
 * A faithful stand-in for the Compliance API's three group endpoints and its activity feed, served
 * over real HTTP on 127.0.0.1 by the JDK's {@link HttpServer} on a thread pool (see
 * {@link SimulatorServer}). Tests, the demo and the benchmarks build one, fill its
 * {@link #directory()}, point a client at {@link #baseUrl()}, and read the {@link #requestLog()}.
 * Changes to the directory (after {@code populate}) appear in the feed, see {@link #activities()}.
 * An admin API for other processes is served under {@code /_sim/} (see {@link AdminHandler}).
 *
 * <pre>{@code
 * try (ComplianceApiSimulator sim = ComplianceApiSimulator.builder().apiKey("test-key").start()) {
 *     sim.directory().populate(2_500, 3);
 *     ... GET sim.baseUrl() + "/v1/compliance/groups?limit=1000" with x-api-key and anthropic-version
 * }
 * }</pre>
 */
public final class ComplianceApiSimulator implements AutoCloseable {

    /** Needed by the group list and get endpoints. */
    public static final String SCOPE_ORG_DATA = "read:compliance_org_data";
    /** Needed by the group members endpoint. */
    public static final String SCOPE_USER_DATA = "read:compliance_user_data";
    /** Needed by the activity feed. */
    public static final String SCOPE_ACTIVITIES = "read:compliance_activities";
    /** The only {@code anthropic-version} the simulator accepts. */
    public static final String API_VERSION = "2023-06-01";

    private final SimulatorServer server;
    private final Directory directory;
    private final FaultInjector faults;
    private final RequestLog requestLog;
    private final AtomicBoolean closed = new AtomicBoolean();

    private ComplianceApiSimulator(SimulatorServer server, Directory directory, FaultInjector faults,
            RequestLog requestLog) {
        this.server = server;
        this.directory = directory;
        this.faults = faults;
        this.requestLog = requestLog;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Configures and starts a simulator. */
    public static final class Builder {
        private int port;
        private final Map<String, Set<String>> keys = new LinkedHashMap<>();
        private int rateLimitPerMinute;
        private Duration pageTokenTtl = Duration.ofMinutes(10);
        private Clock clock = Clock.systemUTC();
        private long seed;
        private int threads = 16;
        private int requestLogCapacity;
        private Duration activityVisibilityDelay = Duration.ZERO;
        private boolean activityNoise;
        private SSLContext tls;

        private Builder() {
        }

        /** 0 (the default) picks a free ephemeral port. */
        public Builder port(int port) {
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException("port out of range: " + port);
            }
            this.port = port;
            return this;
        }

        /** Accepts {@code key} with these scopes; repeatable. Without any key every request gets 401. */
        public Builder apiKey(String key, Set<String> scopes) {
            if (key == null || key.isEmpty()) {
                throw new IllegalArgumentException("an API key must not be empty");
            }
            keys.put(key, Set.copyOf(scopes));
            return this;
        }

        /** Accepts {@code key} with all three scopes: both group scopes and the activity feed's. */
        public Builder apiKey(String key) {
            return apiKey(key, Set.of(SCOPE_ORG_DATA, SCOPE_USER_DATA, SCOPE_ACTIVITIES));
        }

        /**
         * The budget shared by all keys per minute of the clock (fixed window), reported in the
         * {@code anthropic-ratelimit-requests-*} headers of every answer to a known key. 0, the default
         * here, means no limit and no such headers, so that tests run at full speed; the standalone
         * simulator ({@link SimulatorMain}) defaults to the real API's 600.
         */
        public Builder rateLimitPerMinute(int rpm) {
            if (rpm < 0) {
                throw new IllegalArgumentException("rateLimitPerMinute must not be negative");
            }
            this.rateLimitPerMinute = rpm;
            return this;
        }

        /** How long a {@code next_page} token stays valid; default 10 minutes. */
        public Builder pageTokenTtl(Duration ttl) {
            if (ttl.isNegative() || ttl.isZero()) {
                throw new IllegalArgumentException("pageTokenTtl must be positive");
            }
            this.pageTokenTtl = ttl;
            return this;
        }

        /** Timestamps, token expiry, rate-limit windows and request-log times; default the system clock (UTC). */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Makes ids, emails, populated data and the page-token key reproducible; default 0. */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Serving threads; default 16 (requests held by a latency fault occupy one each). */
        public Builder threads(int threads) {
            if (threads < 1) {
                throw new IllegalArgumentException("threads must be at least 1");
            }
            this.threads = threads;
            return this;
        }

        /**
         * Keep only the newest {@code capacity} request-log entries (counts stay exact), for long
         * runs; default 0 keeps every entry.
         */
        public Builder requestLogCapacity(int capacity) {
            if (capacity < 0) {
                throw new IllegalArgumentException("requestLogCapacity must not be negative");
            }
            this.requestLogCapacity = capacity;
            return this;
        }

        /**
         * How long after it happens an activity appears in listings (its {@code created_at} stays the
         * time it happened); default 0. The real feed takes up to about a minute.
         */
        public Builder activityVisibilityDelay(Duration delay) {
            if (delay.isNegative()) {
                throw new IllegalArgumentException("activityVisibilityDelay must not be negative");
            }
            this.activityVisibilityDelay = delay;
            return this;
        }

        /**
         * Unrelated activities (chats, files, sign-ins, settings) every few seconds of the clock,
         * with ten minutes of them before the start; default off. Reproducible from the seed and clock.
         */
        public Builder activityNoise(boolean noise) {
            this.activityNoise = noise;
            return this;
        }

        /**
         * Serves HTTPS with this context (its key and certificate) instead of plain HTTP. For a client that
         * refuses plain HTTP to anything but a loopback address, as the connector does, when it reaches the
         * simulator through a tunnel under another host name (a container, see {@link SelfSignedTls}).
         */
        public Builder tls(SSLContext context) {
            this.tls = Objects.requireNonNull(context, "context");
            return this;
        }

        /** Binds 127.0.0.1 and starts serving. */
        public ComplianceApiSimulator start() {
            Directory directory = new Directory(clock, seed,
                    new ActivityFeed(clock, seed, activityVisibilityDelay, activityNoise));
            FaultInjector faults = new FaultInjector();
            RequestLog requestLog = new RequestLog(requestLogCapacity);
            ApiHandler api = new ApiHandler(directory, faults, requestLog,
                    new RateLimiter(rateLimitPerMinute, clock), new PageTokens(seed, clock, pageTokenTtl), keys, clock);
            SimulatorServer server = SimulatorServer.start(port, tls, threads, api,
                    new AdminHandler(directory, faults, requestLog));
            return new ComplianceApiSimulator(server, directory, faults, requestLog);
        }
    }

    /** {@code http://127.0.0.1:<port>} ({@code https} with {@link Builder#tls}), without a trailing slash. */
    public URI baseUrl() {
        return server.baseUrl();
    }

    /** The port the simulator listens on (useful after {@code port(0)}). */
    public int port() {
        return server.port();
    }

    public Directory directory() {
        return directory;
    }

    /** The activity feed that the directory's mutations are recorded in. */
    public ActivityFeed activityFeed() {
        return directory.activityFeed();
    }

    /** Every activity recorded so far, newest first, including those not visible in listings yet. */
    public List<Activity> activities() {
        return activityFeed().activities();
    }

    /** Records an activity that happens now; see {@link ActivityFeed#record}. */
    public Activity recordActivity(String type, Actor actor, Map<String, ?> details) {
        return activityFeed().record(type, actor, details);
    }

    public FaultInjector faults() {
        return faults;
    }

    public RequestLog requestLog() {
        return requestLog;
    }

    /**
     * Stops listening, drops open connections and interrupts requests in progress (a latency fault
     * included). Returns in about a second at most: the JDK server's dispatcher notices the stop
     * on its next select, which waits up to one second. Idempotent.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        server.stop();
    }

    @Override
    public String toString() {
        return "ComplianceApiSimulator[" + server.baseUrl() + "]";
    }
}
