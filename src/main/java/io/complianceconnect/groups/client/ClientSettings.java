package io.complianceconnect.groups.client;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
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

        /** @throws IllegalArgumentException naming the first invalid field */
        public ClientSettings build() {
            baseUrl = validBaseUrl(baseUrl);
            require(apiKey != null && !apiKey.isBlank(), "apiKey",
                    "must be set to a Compliance Access Key");
            require(isHeaderSafe(apiKey), "apiKey",
                    "contains whitespace or control characters; check how the key was copied");
            require(apiVersion != null && !apiVersion.isBlank() && isHeaderSafe(apiVersion), "apiVersion",
                    "must be a version such as " + DEFAULT_API_VERSION);
            require(userAgent != null && !userAgent.isBlank() && isHeaderValue(userAgent), "userAgent",
                    "must be non-empty printable text");
            requirePositive(connectTimeout, "connectTimeout");
            requirePositive(requestTimeout, "requestTimeout");
            require(requestsPerMinute >= 0, "requestsPerMinute",
                    "must be 0 (no local ceiling) or positive, was " + requestsPerMinute);
            requirePositive(backoffInitial, "backoffInitial");
            requirePositive(backoffMax, "backoffMax");
            require(backoffMax.compareTo(backoffInitial) >= 0, "backoffMax",
                    "must not be shorter than backoffInitial (" + backoffInitial + "), was " + backoffMax);
            require(maxRetries >= 0, "maxRetries", "must be 0 or more, was " + maxRetries);
            require(retryBudget != null && !retryBudget.isNegative(), "retryBudget",
                    "must be zero or a positive duration, was " + retryBudget);
            require(random != null, "random", "must be set");
            require(clock != null, "clock", "must be set");
            require(sleeper != null, "sleeper", "must be set");
            return new ClientSettings(this);
        }

        private static URI validBaseUrl(URI url) {
            require(url != null, "baseUrl", "must be set");
            require(url.isAbsolute() && url.getHost() != null, "baseUrl",
                    "must be an absolute URL with a host, such as " + DEFAULT_BASE_URL + ", was " + url);
            require(url.getRawUserInfo() == null, "baseUrl",
                    "must not contain user information (credentials belong in apiKey)");
            require(url.getRawQuery() == null && url.getRawFragment() == null, "baseUrl",
                    "must not have a query or fragment, was " + url);
            String scheme = url.getScheme().toLowerCase(Locale.ROOT);
            require(scheme.equals("https") || scheme.equals("http"), "baseUrl",
                    "must use https, was " + url);
            require(scheme.equals("https") || LoopbackHosts.isLoopback(url.getHost()), "baseUrl",
                    "must use https: plain http is only allowed to a loopback host (localhost, 127.0.0.0/8, ::1)"
                            + " because the access key is sent with every request, was " + url);
            String text = url.toString();
            while (text.endsWith("/")) {
                text = text.substring(0, text.length() - 1);
            }
            return URI.create(text);
        }

        private static boolean isHeaderSafe(String value) {
            return value.chars().allMatch(c -> c > 0x20 && c < 0x7f);
        }

        private static boolean isHeaderValue(String value) {
            return value.chars().allMatch(c -> c >= 0x20 && c < 0x7f);
        }

        private static void requirePositive(Duration value, String field) {
            require(value != null && !value.isNegative() && !value.isZero(), field,
                    "must be a positive duration, was " + value);
        }

        private static void require(boolean condition, String field, String problem) {
            if (!condition) {
                throw new IllegalArgumentException(field + ": " + problem);
            }
        }
    }

    /** Loopback detection without DNS: a name that merely resolves to loopback does not count. */
    static final class LoopbackHosts {
        private LoopbackHosts() {
        }

        static boolean isLoopback(String host) {
            Objects.requireNonNull(host, "host");
            String h = host.toLowerCase(Locale.ROOT);
            if (h.equals("localhost") || h.equals("localhost.")) {
                return true;
            }
            if (h.startsWith("[") && h.endsWith("]")) {
                return isIpv6Loopback(h.substring(1, h.length() - 1));
            }
            return isIpv4Loopback(h);
        }

        private static boolean isIpv4Loopback(String h) {
            String[] parts = h.split("\\.", -1);
            if (parts.length != 4) {
                return false;
            }
            for (String part : parts) {
                if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(Character::isDigit)
                        || Integer.parseInt(part) > 255) {
                    return false;
                }
            }
            return Integer.parseInt(parts[0]) == 127;
        }

        private static boolean isIpv6Loopback(String literal) {
            // An IPv6 literal is parsed without any lookup; anything else is not a literal.
            if (!literal.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == ':')) {
                return false;
            }
            try {
                java.net.InetAddress address = java.net.InetAddress.getByName(literal);
                return address instanceof java.net.Inet6Address && address.isLoopbackAddress();
            } catch (java.net.UnknownHostException e) {
                return false;
            }
        }
    }
}
