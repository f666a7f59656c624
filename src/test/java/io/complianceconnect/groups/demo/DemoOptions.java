package io.complianceconnect.groups.demo;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The demo's command line, parsed and checked. Immutable.
 *
 * @param duration  how long to run once the connector has started; empty = until Ctrl-C
 * @param apiUrl    the Compliance API to use instead of the in-process simulator; empty = simulator
 * @param apiKey    the key for {@code apiUrl}; present exactly when {@code apiUrl} is
 * @param overrides connector configuration given with {@code --set}, in command-line order, applied last
 * @param json      one JSON object per record on stdout instead of the readable line
 * @param help      print the usage and exit
 */
record DemoOptions(
        Optional<Duration> duration,
        Optional<URI> apiUrl,
        Optional<String> apiKey,
        Map<String, String> overrides,
        boolean json,
        boolean help) {

    static final String USAGE = """
            Usage: bin/demo [--json] [--duration SECONDS] [--set KEY=VALUE]...
                            [--api-url URL --api-key KEY] [--help]

            Runs the Compliance API groups source connector on an embedded Kafka broker and Connect
            worker and prints every change record it writes, one line each, as it arrives.
            Without --api-url it serves a small simulated directory (5 groups x 3 members) and, once
            the first snapshot has been printed, changes it: members added and removed, a group
            renamed, one created and one deleted, so CREATED, UPDATED, DELETED records and tombstones
            follow. Progress and the final summary go to stderr; stdout carries only the records.

              --json               one JSON object per line: {"topic","key","value","headers"}, key and
                                   value as Kafka's JsonConverter writes them without schemas
                                   (timestamps as epoch milliseconds, "value": null for a tombstone)
              --duration SECONDS   stop after this long once the connector runs, print a summary, exit 0
                                   (default: run until Ctrl-C)
              --set KEY=VALUE      any connector configuration, e.g. --set page.size=50 (repeatable)
              --api-url URL        use this Compliance API instead of the simulator: no scripted changes,
                                   the connector's page size, a sweep a minute (change with --set)
              --api-key KEY        the Compliance Access Key for --api-url
              --help               this text
            """;

    DemoOptions {
        overrides = Collections.unmodifiableMap(new LinkedHashMap<>(overrides));
    }

    boolean usesSimulator() {
        return apiUrl.isEmpty();
    }

    /** Never prints the key. */
    @Override
    public String toString() {
        return "DemoOptions[duration=" + duration + ", apiUrl=" + apiUrl
                + ", apiKey=" + apiKey.map(k -> "[hidden]") + ", overrides=" + overrides.keySet()
                + ", json=" + json + ", help=" + help + "]";
    }

    /** @throws UsageException naming the offending argument; the message never repeats a key. */
    static DemoOptions parse(String... args) {
        Duration duration = null;
        URI apiUrl = null;
        String apiKey = null;
        Map<String, String> overrides = new LinkedHashMap<>();
        boolean json = false;
        boolean help = false;

        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--json" -> json = true;
                case "--help", "-h" -> help = true;
                case "--duration" -> duration = parseDuration(valueOf(args, ++i, arg));
                case "--api-url" -> apiUrl = parseUrl(valueOf(args, ++i, arg));
                case "--api-key" -> apiKey = parseKey(valueOf(args, ++i, arg));
                case "--set" -> {
                    String setting = valueOf(args, ++i, arg);
                    int eq = setting.indexOf('=');
                    if (eq < 0) {
                        throw new UsageException("--set needs KEY=VALUE, got '" + setting + "'");
                    }
                    if (eq == 0) {
                        // Say nothing of the value: it may be a secret.
                        throw new UsageException("--set needs KEY=VALUE, the key is empty");
                    }
                    overrides.put(setting.substring(0, eq).trim(), setting.substring(eq + 1));
                }
                default -> throw new UsageException("unknown argument '" + arg + "'");
            }
        }
        if (apiUrl != null && apiKey == null) {
            throw new UsageException("--api-url needs --api-key");
        }
        if (apiKey != null && apiUrl == null) {
            throw new UsageException("--api-key needs --api-url (the simulator has its own key)");
        }
        return new DemoOptions(Optional.ofNullable(duration), Optional.ofNullable(apiUrl),
                Optional.ofNullable(apiKey), overrides, json, help);
    }

    private static String valueOf(String[] args, int index, String option) {
        if (index >= args.length || args[index].startsWith("--")) {
            throw new UsageException(option + " needs a value");
        }
        return args[index];
    }

    private static Duration parseDuration(String value) {
        try {
            long seconds = Long.parseLong(value.trim());
            if (seconds <= 0) {
                throw new UsageException("--duration must be a positive number of seconds, got " + value);
            }
            return Duration.ofSeconds(seconds);
        } catch (NumberFormatException e) {
            throw new UsageException("--duration must be a whole number of seconds, got '" + value + "'");
        }
    }

    private static URI parseUrl(String value) {
        try {
            URI uri = new URI(value.trim());
            String scheme = uri.getScheme();
            if (uri.getHost() == null || !("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme))) {
                throw new UsageException("--api-url must be an http(s) URL with a host, got '" + value + "'");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new UsageException("--api-url is not a URL: '" + value + "'");
        }
    }

    private static String parseKey(String value) {
        if (value.isBlank()) {
            throw new UsageException("--api-key must not be blank");
        }
        return value;
    }

    /** A command-line mistake; the demo prints the message and the usage and exits with status 2. */
    static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }
}
