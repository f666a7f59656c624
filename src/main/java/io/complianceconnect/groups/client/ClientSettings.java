package io.complianceconnect.groups.client;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;

/**
 * Immutable settings of a {@link ComplianceApiClient}. Build with {@link #builder()}; {@code build()}
 * validates every field and fails with an {@link IllegalArgumentException} that names the field.
 * {@link #toString()} never shows the API key.
 */
public final class ClientSettings {

    public static final URI DEFAULT_BASE_URL = URI.create("https://api.anthropic.com");
    public static final String DEFAULT_API_VERSION = "2023-06-01";
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);
    public static final int DEFAULT_REQUESTS_PER_MINUTE = 300;
    public static final Duration DEFAULT_BACKOFF_INITIAL = Duration.ofSeconds(1);
    public static final Duration DEFAULT_BACKOFF_MAX = Duration.ofSeconds(60);
    public static final int DEFAULT_MAX_RETRIES = 10;
    public static final Duration DEFAULT_RETRY_BUDGET = Duration.ofMinutes(10);

    private final URI baseUrl;
    private final String apiKey;
    private final String apiVersion;
    private final String userAgent;
    private final Duration connectTimeout;
    private final Duration requestTimeout;
    private final int requestsPerMinute;
    private final Duration backoffInitial;
    private final Duration backoffMax;
    private final int maxRetries;
    private final Duration retryBudget;
    private final RandomGenerator random;
    private final Clock clock;
    private final Sleeper sleeper;

    private ClientSettings(Builder b) {
        this.baseUrl = b.baseUrl;
        this.apiKey = b.apiKey;
        this.apiVersion = b.apiVersion;
        this.userAgent = b.userAgent;
        this.connectTimeout = b.connectTimeout;
        this.requestTimeout = b.requestTimeout;
        this.requestsPerMinute = b.requestsPerMinute;
        this.backoffInitial = b.backoffInitial;
        this.backoffMax = b.backoffMax;
        this.maxRetries = b.maxRetries;
        this.retryBudget = b.retryBudget;
        this.random = b.random;
        this.clock = b.clock;
        this.sleeper = b.sleeper;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding these settings, to derive changed copies. */
    public Builder toBuilder() {
        return new Builder()
                .baseUrl(baseUrl).apiKey(apiKey).apiVersion(apiVersion).userAgent(userAgent)
                .connectTimeout(connectTimeout).requestTimeout(requestTimeout)
                .requestsPerMinute(requestsPerMinute).backoffInitial(backoffInitial).backoffMax(backoffMax)
                .maxRetries(maxRetries).retryBudget(retryBudget).random(random).clock(clock).sleeper(sleeper);
    }

    /** The API root without a trailing slash; may carry a path prefix (for a proxy). */
    public URI baseUrl() {
        return baseUrl;
    }

    /** The Compliance Access Key. Never log it. */
    public String apiKey() {
        return apiKey;
    }

    public String apiVersion() {
        return apiVersion;
    }

    public String userAgent() {
        return userAgent;
    }

    public Duration connectTimeout() {
        return connectTimeout;
    }

    /** Time allowed for one attempt, from sending to the end of the response body. */
    public Duration requestTimeout() {
        return requestTimeout;
    }

    /** The local ceiling on request starts per minute; 0 means no local ceiling. */
    public int requestsPerMinute() {
        return requestsPerMinute;
    }

    public Duration backoffInitial() {
        return backoffInitial;
    }

    public Duration backoffMax() {
        return backoffMax;
    }

    /** How many times one logical request may be repeated after a retryable failure. */
    public int maxRetries() {
        return maxRetries;
    }

    /** The total time one logical request may spend retrying, counted from its first attempt. */
    public Duration retryBudget() {
        return retryBudget;
    }

    public RandomGenerator random() {
        return random;
    }

    public Clock clock() {
        return clock;
    }

    public Sleeper sleeper() {
        return sleeper;
    }

    @Override
    public String toString() {
        return "ClientSettings[baseUrl=" + baseUrl + ", apiKey=[hidden], apiVersion=" + apiVersion
                + ", userAgent=" + userAgent + ", connectTimeout=" + connectTimeout
                + ", requestTimeout=" + requestTimeout + ", requestsPerMinute=" + requestsPerMinute
                + ", backoffInitial=" + backoffInitial + ", backoffMax=" + backoffMax
                + ", maxRetries=" + maxRetries + ", retryBudget=" + retryBudget + "]";
    }

    /** Mutable builder; every setter accepts anything and {@link #build()} validates. */
    public static final class Builder {
        private URI baseUrl = DEFAULT_BASE_URL;
        private String apiKey;
        private String apiVersion = DEFAULT_API_VERSION;
        private String userAgent = ClientVersion.defaultUserAgent();
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;
        private int requestsPerMinute = DEFAULT_REQUESTS_PER_MINUTE;
        private Duration backoffInitial = DEFAULT_BACKOFF_INITIAL;
        private Duration backoffMax = DEFAULT_BACKOFF_MAX;
        private int maxRetries = DEFAULT_MAX_RETRIES;
        private Duration retryBudget = DEFAULT_RETRY_BUDGET;
        // ThreadLocalRandom.current() is safe to share between threads, unlike most generators.
        private RandomGenerator random = ThreadLocalRandom.current();
        private Clock clock = Clock.systemUTC();
        private Sleeper sleeper = Sleeper.system();

        private Builder() {
        }

        public Builder baseUrl(URI baseUrl) {
            this.baseUrl = baseUrl;
            return this;
        }

        public Builder baseUrl(String baseUrl) {
            try {
                this.baseUrl = baseUrl == null ? null : new URI(baseUrl.trim());
            } catch (java.net.URISyntaxException e) {
                throw new IllegalArgumentException("baseUrl: not a valid URL: " + e.getReason(), e);
            }
            return this;
        }

        public Builder apiKey(String apiKey) {
            this.apiKey = apiKey;
            return this;
        }

        public Builder apiVersion(String apiVersion) {
            this.apiVersion = apiVersion;
            return this;
        }

        public Builder userAgent(String userAgent) {
            this.userAgent = userAgent;
            return this;
        }

        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = connectTimeout;
            return this;
        }

        public Builder requestTimeout(Duration requestTimeout) {
            this.requestTimeout = requestTimeout;
            return this;
        }

        public Builder requestsPerMinute(int requestsPerMinute) {
            this.requestsPerMinute = requestsPerMinute;
            return this;
        }

        public Builder backoffInitial(Duration backoffInitial) {
            this.backoffInitial = backoffInitial;
            return this;
        }

        public Builder backoffMax(Duration backoffMax) {
            this.backoffMax = backoffMax;
            return this;
        }

        public Builder maxRetries(int maxRetries) {
            this.maxRetries = maxRetries;
            return this;
        }

        public Builder retryBudget(Duration retryBudget) {
            this.retryBudget = retryBudget;
            return this;
        }

        public Builder random(RandomGenerator random) {
            this.random = random;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        public Builder sleeper(Sleeper sleeper) {
            this.sleeper = sleeper;
            return this;
        }

        /**
         * Every problem of these settings, in field order; empty when {@link #build()} succeeds. Lets a
         * caller with its own names for the fields (the connector's configuration) report each problem
         * on the field it concerns.
         */
        public List<Problem> problems() {
            return ClientSettingsRules.problems(new ClientSettings(this));
        }

        /** @throws IllegalArgumentException naming the first invalid field, as {@code "field: problem"} */
        public ClientSettings build() {
            List<Problem> problems = problems();
            if (!problems.isEmpty()) {
                throw new IllegalArgumentException(problems.get(0).toString());
            }
            baseUrl = ApiBaseUrl.withoutTrailingSlash(baseUrl);
            return new ClientSettings(this);
        }
    }

    /**
     * One refused setting.
     *
     * @param field   the builder's name for it, such as {@code backoffMax}
     * @param message what is wrong, never quoting the key
     */
    public record Problem(String field, String message) {
        @Override
        public String toString() {
            return field + ": " + message;
        }
    }
}
