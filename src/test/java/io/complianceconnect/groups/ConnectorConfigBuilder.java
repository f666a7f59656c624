package io.complianceconnect.groups;

import static io.complianceconnect.groups.ComplianceGroupsSourceConnectorConfig.ACTIVITY_FEED_MODE;
import static io.complianceconnect.groups.ComplianceGroupsSourceConnectorConfig.API_KEY;
import static io.complianceconnect.groups.ComplianceGroupsSourceConnectorConfig.API_URL;
import static io.complianceconnect.groups.ComplianceGroupsSourceConnectorConfig.CHECKPOINT_INTERVAL_MS;
import static io.complianceconnect.groups.ComplianceGroupsSourceConnectorConfig.PAGE_SIZE;
import static io.complianceconnect.groups.ComplianceGroupsSourceConnectorConfig.REQUESTS_PER_MINUTE;
import static io.complianceconnect.groups.ComplianceGroupsSourceConnectorConfig.RETRY_BACKOFF_INITIAL_MS;
import static io.complianceconnect.groups.ComplianceGroupsSourceConnectorConfig.RETRY_BACKOFF_MAX_MS;
import static io.complianceconnect.groups.ComplianceGroupsSourceConnectorConfig.SWEEP_INTERVAL_MS;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The connector configuration that the integration tests, the demo and the benchmarks submit to
 * Connect, built in one place: the connector class, one task, the API to read, then what each
 * caller changes. Only compile-time constants of the config class are used, and the connector
 * class is named, not loaded, so {@code PluginIsolationIT} can use it with none of the connector's
 * classes on its class path.
 */
public final class ConnectorConfigBuilder {

    /** The connector's class name; {@code ConnectorConfigBuilderTest} checks it against the class. */
    public static final String CONNECTOR_CLASS = "io.complianceconnect.groups.ComplianceGroupsSourceConnector";

    private final Map<String, String> config = new LinkedHashMap<>();

    private ConnectorConfigBuilder(String apiUrl, String apiKey) {
        config.put("connector.class", CONNECTOR_CLASS);
        config.put("tasks.max", "1");
        config.put(API_URL, apiUrl);
        config.put(API_KEY, apiKey);
    }

    /** The connector reading the API at {@code apiUrl} with {@code apiKey}; everything else at its default. */
    public static ConnectorConfigBuilder forApi(String apiUrl, String apiKey) {
        return new ConnectorConfigBuilder(apiUrl, apiKey);
    }

    public ConnectorConfigBuilder pageSize(int pageSize) {
        return set(PAGE_SIZE, Integer.toString(pageSize));
    }

    public ConnectorConfigBuilder sweepIntervalMs(long millis) {
        return set(SWEEP_INTERVAL_MS, Long.toString(millis));
    }

    public ConnectorConfigBuilder checkpointIntervalMs(long millis) {
        return set(CHECKPOINT_INTERVAL_MS, Long.toString(millis));
    }

    /** 0: no local ceiling, only the server's rate-limit headers pace the connector. */
    public ConnectorConfigBuilder requestsPerMinute(int requestsPerMinute) {
        return set(REQUESTS_PER_MINUTE, Integer.toString(requestsPerMinute));
    }

    public ConnectorConfigBuilder retryBackoffMs(long initialMillis, long maxMillis) {
        set(RETRY_BACKOFF_INITIAL_MS, Long.toString(initialMillis));
        return set(RETRY_BACKOFF_MAX_MS, Long.toString(maxMillis));
    }

    /** {@code auto}, {@code enabled} or {@code disabled}. */
    public ConnectorConfigBuilder activityFeed(String mode) {
        return set(ACTIVITY_FEED_MODE, mode);
    }

    /**
     * As production should run it: Connect creates the topics, compacted so that they hold the current
     * directory, here with one replica (a single test broker) and {@code partitions} partitions.
     */
    public ConnectorConfigBuilder compactedTopics(int partitions) {
        set("topic.creation.default.replication.factor", "1");
        set("topic.creation.default.partitions", Integer.toString(partitions));
        return set("topic.creation.default.cleanup.policy", "compact");
    }

    /** Any other key, Connect's or the connector's; a later value replaces an earlier one. */
    public ConnectorConfigBuilder set(String key, String value) {
        config.put(key, value);
        return this;
    }

    public ConnectorConfigBuilder setAll(Map<String, String> entries) {
        config.putAll(entries);
        return this;
    }

    /** A new mutable map in the order the keys were set. */
    public Map<String, String> build() {
        return new LinkedHashMap<>(config);
    }
}
