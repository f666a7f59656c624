package io.complianceconnect.groups.simulator;

import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.function.IntUnaryOperator;
import java.util.stream.Collectors;

/**
 * The simulator as a standalone process ({@code bin/simulator}): populates a directory, serves it on
 * 127.0.0.1, prints one line with the base URL to stdout when ready, logs each API request to
 * stderr, and stops on Ctrl-C or SIGTERM. The admin API under {@code /_sim/} needs no key because
 * the simulator listens on loopback only.
 */
public final class SimulatorMain {

    static final int DEFAULT_PORT = 18089;
    /** The real API's budget, so that a client tried against the standalone simulator meets it. */
    static final int DEFAULT_RATE_LIMIT_PER_MINUTE = 600;
    /** A long-running process only needs recent entries; the counts in /_sim/stats stay exact. */
    private static final int REQUEST_LOG_CAPACITY = 10_000;
    static final String READY_PREFIX = "Compliance API simulator listening on ";

    static final String USAGE = """
            Usage: bin/simulator [options]
              Serves a simulated Compliance API (the three group endpoints and the activity
              feed) on 127.0.0.1. Directory changes made after the start through the admin API
              appear in GET /v1/compliance/activities.

              --port N                        port to listen on (default 18089; 0 = any free port)
              --groups N                      groups to create at start (default 100)
              --members-per-group M           members in each group (default 3); same as fixed:M
              --members-distribution SPEC     group sizes: fixed:M | uniform:A-B | zipf:MAX
              --seed S                        makes ids, names and emails reproducible (default 0)
              --api-key K                     accept key K with all three scopes (both group scopes
                                              and read:compliance_activities); repeatable.
                                              Without any, every API request gets 401.
              --rate-limit-rpm R              requests per minute shared by all keys, reported in the
                                              anthropic-ratelimit-requests-* headers (default 600, the
                                              real API's budget; 0 = no limit and no such headers)
              --page-token-ttl-seconds T      page token lifetime (default 600)
              --activity-delay-seconds N      an activity is listed only N seconds after it happened,
                                              with its original created_at (default 0; the real
                                              feed takes up to about 60)
              --activity-noise                add unrelated activities (chats, files, sign-ins,
                                              settings) every few seconds, and ten minutes of them
                                              before the start (default off)
              --help                          show this help

              When ready it prints one line, "%s<base URL>", to stdout; requests are logged
              to stderr. Admin API (no key needed, loopback only) on the same port:
                POST   /_sim/groups {name[,description,source_type,roles]}   -> {id}
                POST   /_sim/groups/{id}/rename {name}
                POST   /_sim/groups/{id}/update {description,roles}
                DELETE /_sim/groups/{id}
                POST   /_sim/groups/{id}/members {email[,user_id]}         -> {user_id}
                DELETE /_sim/groups/{id}/members/{userId}
                POST   /_sim/users/{userId}/email {email}
                POST   /_sim/populate {groups,members_per_group}   (records no activities)
                POST   /_sim/activities {type[,actor,details]}     -> {id}
                POST   /_sim/faults {endpoint,kind,...[,times]}   DELETE /_sim/faults
                GET    /_sim/stats
            """.formatted(READY_PREFIX);

    /** A command line that cannot be run; the message says why. */
    static final class UsageException extends Exception {
        UsageException(String message) {
            super(message);
        }
    }

    /** The parsed command line. {@code membersDistribution} is a {@link MembersDistribution} spec. */
    record Options(int port, int groups, String membersDistribution, long seed, List<String> apiKeys,
            int rateLimitPerMinute, Duration pageTokenTtl, Duration activityDelay, boolean activityNoise,
            boolean help) {

        /** Never shows the keys, only how many there are. */
        @Override
        public String toString() {
            return "Options[port=" + port + ", groups=" + groups + ", members=" + membersDistribution + ", seed=" + seed
                    + ", apiKeys=" + apiKeys.size() + ", rateLimitPerMinute=" + rateLimitPerMinute
                    + ", pageTokenTtl=" + pageTokenTtl + ", activityDelay=" + activityDelay
                    + ", activityNoise=" + activityNoise + "]";
        }
    }

    private SimulatorMain() {
    }

    static Options parse(String... args) throws UsageException {
        int port = DEFAULT_PORT;
        int groups = 100;
        String membersPerGroup = null;
        String distribution = null;
        long seed = 0;
        List<String> keys = new ArrayList<>();
        int rpm = DEFAULT_RATE_LIMIT_PER_MINUTE;
        long ttlSeconds = 600;
        long activityDelaySeconds = 0;
        boolean activityNoise = false;
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            if (flag.equals("--help") || flag.equals("-h")) {
                return new Options(port, groups, "fixed:3", seed, List.of(), rpm, Duration.ofSeconds(ttlSeconds),
                        Duration.ZERO, false, true);
            }
            if (flag.equals("--activity-noise")) { // the one option without a value
                activityNoise = true;
                continue;
            }
            if (i + 1 >= args.length) {
                throw new UsageException(flag.startsWith("--") ? flag + " needs a value" : "unknown argument " + flag);
            }
            String value = args[++i];
            switch (flag) {
                case "--port" -> port = integer(flag, value, 0, 65_535);
                case "--groups" -> groups = integer(flag, value, 0, Integer.MAX_VALUE);
                case "--members-per-group" -> membersPerGroup = "fixed:" + integer(flag, value, 0, Integer.MAX_VALUE);
                case "--members-distribution" -> distribution = value;
                case "--seed" -> seed = longInteger(flag, value);
                case "--api-key" -> {
                    if (value.isEmpty()) {
                        throw new UsageException("--api-key must not be empty");
                    }
                    keys.add(value);
                }
                case "--rate-limit-rpm" -> rpm = integer(flag, value, 0, Integer.MAX_VALUE);
                case "--page-token-ttl-seconds" -> ttlSeconds = integer(flag, value, 1, Integer.MAX_VALUE);
                case "--activity-delay-seconds" -> activityDelaySeconds = integer(flag, value, 0, Integer.MAX_VALUE);
                default -> throw new UsageException("unknown option " + flag);
            }
        }
        if (membersPerGroup != null && distribution != null) {
            throw new UsageException("give --members-per-group or --members-distribution, not both");
        }
        String members = distribution != null ? distribution : membersPerGroup != null ? membersPerGroup : "fixed:3";
        try {
            MembersDistribution.parse(members, seed);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--members-distribution: " + e.getMessage());
        }
        return new Options(port, groups, members, seed, List.copyOf(keys), rpm, Duration.ofSeconds(ttlSeconds),
                Duration.ofSeconds(activityDelaySeconds), activityNoise, false);
    }

    /**
     * Starts a simulator as the command line says, prints the ready line to {@code out} and logs
     * requests to {@code err}. The caller closes it.
     */
    static ComplianceApiSimulator launch(Options options, PrintStream out, PrintStream err) {
        ComplianceApiSimulator.Builder builder = ComplianceApiSimulator.builder()
                .port(options.port())
                .seed(options.seed())
                .rateLimitPerMinute(options.rateLimitPerMinute())
                .pageTokenTtl(options.pageTokenTtl())
                .activityVisibilityDelay(options.activityDelay())
                .activityNoise(options.activityNoise())
                .requestLogCapacity(REQUEST_LOG_CAPACITY);
        options.apiKeys().forEach(builder::apiKey);
        ComplianceApiSimulator simulator = builder.start();
        try {
            IntUnaryOperator sizes = MembersDistribution.parse(options.membersDistribution(), options.seed());
            simulator.directory().populate(options.groups(), sizes);
            simulator.requestLog().addListener(entry -> err.println(describe(entry)));
            err.printf("Serving %d groups, %d memberships (%s, seed %d); %d API key(s)%s; rate limit %s; "
                            + "page tokens live %ds; activities listed after %ds, noise %s; "
                            + "admin API at %s/_sim/ (no key, loopback only)%n",
                    simulator.directory().groupCount(), simulator.directory().membershipCount(),
                    options.membersDistribution(), options.seed(), options.apiKeys().size(),
                    options.apiKeys().isEmpty() ? " - every API request will get 401" : "",
                    options.rateLimitPerMinute() == 0 ? "off" : options.rateLimitPerMinute() + "/min (fixed window)",
                    options.pageTokenTtl().toSeconds(), options.activityDelay().toSeconds(),
                    options.activityNoise() ? "on" : "off", simulator.baseUrl());
            out.println(READY_PREFIX + simulator.baseUrl());
            out.flush();
            return simulator;
        } catch (RuntimeException e) {
            simulator.close();
            throw e;
        }
    }

    /** One stderr line per request; the query holds no secrets (keys travel in headers). */
    static String describe(RequestLog.Entry entry) {
        String query = entry.query().entrySet().stream()
                .map(Map.Entry::getKey).sorted()
                .map(name -> name + "=" + entry.query().get(name))
                .collect(Collectors.joining("&"));
        return entry.at() + " " + entry.method() + " " + entry.path() + (query.isEmpty() ? "" : "?" + query)
                + " -> " + (entry.status() == 0 ? "cut" : entry.status())
                + (entry.endpoint() == null ? "" : " " + entry.endpoint()) + " " + entry.requestId();
    }

    public static void main(String[] args) throws InterruptedException {
        Options options;
        try {
            options = parse(args);
        } catch (UsageException e) {
            System.err.println("simulator: " + e.getMessage() + " (see --help)");
            System.exit(2);
            return;
        }
        if (options.help()) {
            System.out.print(USAGE);
            return;
        }
        ComplianceApiSimulator simulator;
        try {
            simulator = launch(options, System.out, System.err);
        } catch (UncheckedIOException e) {
            System.err.println("simulator: " + e.getMessage() + ": " + e.getCause().getMessage());
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.err.println("Stopping the simulator");
            simulator.close();
            stopped.countDown();
        }, "simulator-shutdown"));
        stopped.await();
    }

    private static int integer(String flag, String value, int min, int max) throws UsageException {
        long parsed = longInteger(flag, value);
        if (parsed < min || parsed > max) {
            throw new UsageException(flag + " must be between " + min + " and " + max + ", got " + value);
        }
        return (int) parsed;
    }

    private static long longInteger(String flag, String value) throws UsageException {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new UsageException(flag + " needs a whole number, got " + value);
        }
    }
}
