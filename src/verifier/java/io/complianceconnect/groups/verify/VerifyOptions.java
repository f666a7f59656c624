package io.complianceconnect.groups.verify;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The command line of {@code bin/verify-replica}. Topic defaults are the connector's.
 *
 * @param schemaRegistryUrl null for the JSON converter
 * @param connector         null to take the latest SWEEP_COMPLETED of any connector on the topic
 */
record VerifyOptions(String bootstrapServer, String groupsTopic, String membersTopic, String sweepsTopic,
                     URI schemaRegistryUrl, String connector, Map<String, String> consumerProperties,
                     Duration timeout, boolean help) {

    static final String USAGE = """
            Usage: bin/verify-replica --bootstrap-server HOST:PORT [--groups-topic T --members-topic T --sweeps-topic T]
                                      [--schema-registry-url URL] [--connector NAME]
                                      [--consumer-property KEY=VALUE]... [--timeout-seconds N] [--help]

            Reads the compacted groups and members topics from the beginning and the latest SWEEP_COMPLETED event,
            and says whether the replica they hold matches the event's directory checksum.

              --bootstrap-server HOST:PORT  the Kafka cluster (required)
              --groups-topic T              default compliance.groups
              --members-topic T             default compliance.group-members
              --sweeps-topic T              default compliance.sweeps
              --schema-registry-url URL     the topics hold Avro in the schema registry wire format; URL is the
                                            registry's Confluent-compatible API (Apicurio: .../apis/ccompat/v7).
                                            Without it the topics hold JSON (schemas.enable true or false)
              --connector NAME              only that connector's events count (when several share the topic)
              --consumer-property KEY=VALUE a Kafka consumer setting, e.g. security.protocol=SSL (repeatable)
              --timeout-seconds N           the longest reading a topic to its end may take (default 120)

            Exit codes: 0 the replica matches; 1 it differs (the report says which side, and by how much);
                        2 not yet converged (it differs, but records written after the checksum may explain it:
                          run again after the next SWEEP_COMPLETED); 3 no checksum to verify against yet;
                        4 usage or read error.
            """;

    /** @throws IllegalArgumentException with a message for the user */
    static VerifyOptions parse(String[] args) {
        String bootstrap = null;
        String groups = "compliance.groups";
        String members = "compliance.group-members";
        String sweeps = "compliance.sweeps";
        URI registry = null;
        String connector = null;
        Map<String, String> consumer = new LinkedHashMap<>();
        Duration timeout = Duration.ofSeconds(120);
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            if (flag.equals("--help") || flag.equals("-h")) {
                return new VerifyOptions(null, groups, members, sweeps, null, null, Map.of(), timeout, true);
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(flag.startsWith("--") ? flag + " needs a value" : "unknown argument " + flag);
            }
            String value = args[++i];
            switch (flag) {
                case "--bootstrap-server" -> bootstrap = value;
                case "--groups-topic" -> groups = value;
                case "--members-topic" -> members = value;
                case "--sweeps-topic" -> sweeps = value;
                case "--schema-registry-url" -> registry = URI.create(value);
                case "--connector" -> connector = value;
                case "--consumer-property" -> {
                    int eq = value.indexOf('=');
                    if (eq <= 0) {
                        throw new IllegalArgumentException("--consumer-property takes KEY=VALUE, not " + value);
                    }
                    consumer.put(value.substring(0, eq), value.substring(eq + 1));
                }
                case "--timeout-seconds" -> {
                    try {
                        timeout = Duration.ofSeconds(Long.parseLong(value));
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("--timeout-seconds takes a number of seconds, not " + value);
                    }
                }
                default -> throw new IllegalArgumentException("unknown flag " + flag);
            }
        }
        if (bootstrap == null || bootstrap.isBlank()) {
            throw new IllegalArgumentException("--bootstrap-server is required");
        }
        return new VerifyOptions(bootstrap, groups, members, sweeps, registry, connector, consumer, timeout, false);
    }
}
