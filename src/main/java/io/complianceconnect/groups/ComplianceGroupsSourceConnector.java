package io.complianceconnect.groups;

import io.complianceconnect.groups.client.AuthenticationException;
import io.complianceconnect.groups.client.ComplianceApiClient;
import io.complianceconnect.groups.client.ComplianceApiException;
import io.complianceconnect.groups.client.Group;
import io.complianceconnect.groups.client.GroupNotFoundException;
import io.complianceconnect.groups.client.Page;
import io.complianceconnect.groups.client.PermissionException;
import io.complianceconnect.groups.client.RetriesExhaustedException;
import io.complianceconnect.groups.client.RetryLaterException;
import io.complianceconnect.groups.state.OffsetValidation;
import io.complianceconnect.groups.sweep.SweepSettings;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.ConnectorTransactionBoundaries;
import org.apache.kafka.connect.source.ExactlyOnceSupport;
import org.apache.kafka.connect.source.SourceConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Replicates the Compliance API's groups and group memberships onto Kafka topics as change records.
 *
 * <p>One task does all the work: a sweep is a sequence of paged requests against one shared,
 * rate-limited budget, so more tasks would only compete for it.
 */
public class ComplianceGroupsSourceConnector extends SourceConnector {

    private static final Logger log = LoggerFactory.getLogger(ComplianceGroupsSourceConnector.class);

    private Map<String, String> props;

    @Override
    public String version() {
        return ConnectorVersion.get();
    }

    @Override
    public void start(Map<String, String> props) {
        ComplianceGroupsSourceConnectorConfig config = new ComplianceGroupsSourceConnectorConfig(props);
        CrossKeyRules.check(config);
        this.props = Map.copyOf(props);
        log.info("Starting connector {}: API {}, groups topic {}, members topic {}, sweeps every {} ms",
                config.connectorName(), config.apiUrl(), config.groupsTopic(), config.membersTopic(),
                config.sweepInterval().toMillis());
    }

    @Override
    public Class<? extends Task> taskClass() {
        return ComplianceGroupsSourceTask.class;
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        if (maxTasks > 1) {
            log.info("tasks.max is {}, but this connector runs one task: every request shares the organisation's "
                    + "rate limit, so more tasks would not sweep faster", maxTasks);
        }
        return List.of(props);
    }

    @Override
    public void stop() {
        // Nothing to release: the task owns the client.
    }

    @Override
    public ConfigDef config() {
        return ComplianceGroupsSourceConnectorConfig.CONFIG_DEF;
    }

    /**
     * The usual per-field checks, then the rules across fields, each on the field it concerns, then,
     * when all of that passes, one cheap request per endpoint so that a wrong key or a missing scope
     * is reported on the key's field at configuration time rather than as a failed task later.
     */
    @Override
    public Config validate(Map<String, String> connectorConfigs) {
        List<ConfigValue> configValues = new ArrayList<>(super.validate(connectorConfigs).configValues());
        Map<String, ConfigValue> values = new HashMap<>();
        configValues.forEach(v -> values.put(v.name(), v));
        // Connect shows the message on its own field: its REST answer takes the connector's value for a key.
        // Where Connect validated the key itself (a transform's type), this value replaces Connect's.
        CrossKeyRules.frameworkProblems(connectorConfigs).forEach((name, messages) -> configValues.add(
                new ConfigValue(name, RecordDroppingTransforms.reportedValue(name, connectorConfigs.get(name)),
                        List.of(), new ArrayList<>(messages))));
        CrossKeyRules.emailProblems(connectorConfigs).forEach((name, messages) ->
                messages.forEach(values.get(name)::addErrorMessage));
        Config result = new Config(configValues);
        ConfigValue url = values.get(ComplianceGroupsSourceConnectorConfig.API_URL);
        ConfigValue key = values.get(ComplianceGroupsSourceConnectorConfig.API_KEY);
        boolean fieldsValid = configValues.stream().allMatch(v -> v.errorMessages().isEmpty());
        if (!fieldsValid || key.value() == null) {
            return result;
        }
        Map<String, List<String>> problems = CrossKeyRules.clientProblems(connectorConfigs);
        if (!problems.isEmpty()) {
            problems.forEach((name, messages) -> messages.forEach(values.get(name)::addErrorMessage));
            return result;
        }
        probeApi(new ComplianceGroupsSourceConnectorConfig(connectorConfigs), url, key);
        return result;
    }

    private static void probeApi(ComplianceGroupsSourceConnectorConfig config, ConfigValue url, ConfigValue key) {
        // Few retries: validation answers a person waiting on a REST call.
        try (ComplianceApiClient client = new ComplianceApiClient(config.clientSettings().toBuilder()
                .maxRetries(1).retryBudget(Duration.ofSeconds(10)).requestTimeout(Duration.ofSeconds(10)).build())) {
            Page<Group> groups = client.listGroups(config.groupNamePrefix(), null, 1).execute();
            probeFeed(client, config, key);
            Optional<Group> first = groups.items().stream().findFirst();
            if (first.isPresent()) {
                try {
                    client.listMembers(first.get().id(), null, 1).execute();
                } catch (GroupNotFoundException e) {
                    // Deleted in between: the members scope was not refused, which is what we asked.
                }
            }
        } catch (AuthenticationException e) {
            key.addErrorMessage("The Compliance API rejected this key (HTTP 401, request-id " + e.requestId()
                    + "): it is invalid or revoked. Use a Compliance Access Key (sk-ant-api01-...); admin keys "
                    + "are not accepted for these endpoints.");
        } catch (PermissionException e) {
            String scope = e.missingScope() != null ? e.missingScope() : "the scope the endpoint needs";
            key.addErrorMessage("This key lacks the scope " + scope + " (HTTP 403, request-id " + e.requestId()
                    + "). The connector needs read:compliance_org_data and read:compliance_user_data, and a key's scopes are "
                    + "fixed when it is created: create a new Compliance Access Key with both (and optionally "
                    + "read:compliance_activities) and configure it.");
        } catch (RetriesExhaustedException | RetryLaterException e) {
            if (e.status() == 404) {
                // Only a server that is not the API answers 404 to a listing: the URL is wrong.
                url.addErrorMessage("The server at " + config.apiUrl() + " answered HTTP 404 without the Compliance"
                        + " API's not_found_error (error.type " + (e.errorType() == null ? "none" : e.errorType())
                        + ", request-id " + e.requestId() + "). Check the base URL: it should be the API root, such"
                        + " as " + ComplianceGroupsSourceConnectorConfig.API_URL_DEFAULT + ".");
                return;
            }
            // Rate limits, 5xx and timeouts are not configuration errors: a deploy during a hiccup must
            // not be refused. The task retries them.
            log.warn("Validation could not finish its probe of the Compliance API at {} ({}); the key and "
                    + "scopes will be checked again when the task starts", config.apiUrl(), e.getMessage());
        } catch (ComplianceApiException e) {
            url.addErrorMessage("Could not use the Compliance API at " + config.apiUrl() + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            url.addErrorMessage("Validation was interrupted before the API answered");
        } catch (RuntimeException e) {
            url.addErrorMessage("Could not reach the Compliance API at " + config.apiUrl() + ": " + e.getMessage());
        }
    }

    /** Says which mode will run: the feed when the key may read it, else sweeps only (or an error if required). */
    private static void probeFeed(ComplianceApiClient client, ComplianceGroupsSourceConnectorConfig config,
                                  ConfigValue key) throws InterruptedException {
        if (config.feedMode() == SweepSettings.FeedMode.DISABLED) {
            log.info("Validation: activity feed disabled; the connector will run on full sweeps only");
            return;
        }
        try {
            client.listActivities(Instant.now(), null, List.of(), 1).execute();
            log.info("Validation: the key can read the activity feed; changes are followed between full sweeps");
        } catch (PermissionException e) {
            if (config.feedMode() == SweepSettings.FeedMode.ENABLED) {
                key.addErrorMessage("activity.feed.mode=enabled, but this key lacks read:compliance_activities "
                        + "(HTTP 403, request-id " + e.requestId() + "). Scopes are fixed when a key is created: create a new "
                        + "Compliance Access Key that also has read:compliance_activities, or set activity.feed.mode "
                        + "to auto or disabled to run on full sweeps only.");
            } else {
                log.info("Validation: the key lacks read:compliance_activities; the connector will run on full "
                        + "sweeps only (activity.feed.mode=auto)");
            }
        } catch (ComplianceApiException e) {
            // The feed is an accelerator: its outage never blocks configuration, and the task retries it.
            log.info("Validation: the activity feed could not be read ({}); full sweeps run meanwhile",
                    e.getMessage());
        }
    }

    /**
     * Honest: the task's position and its knowledge of what it emitted live entirely in source
     * offsets written with the records that change them, so a transactional worker commits both
     * atomically and a restarted task emits exactly the changes not yet committed.
     */
    @Override
    public ExactlyOnceSupport exactlyOnceSupport(Map<String, String> connectorConfig) {
        return ExactlyOnceSupport.SUPPORTED;
    }

    /**
     * With {@code transaction.boundary=connector} the task makes each group's change one transaction
     * (see {@code TransactionBoundaries}), so a read_committed consumer never sees part of one.
     */
    @Override
    public ConnectorTransactionBoundaries canDefineTransactionBoundaries(Map<String, String> connectorConfig) {
        return ConnectorTransactionBoundaries.SUPPORTED;
    }

    /**
     * Accepts offsets an operator writes through the REST API only when this version can read them;
     * removing offsets (a reset) is always accepted and makes the next start take a fresh snapshot.
     */
    @Override
    public boolean alterOffsets(Map<String, String> connectorConfig, Map<Map<String, ?>, Map<String, ?>> offsets) {
        offsets.forEach((partition, offset) -> {
            try {
                OffsetValidation.validate(partition, offset);
            } catch (IllegalArgumentException e) {
                throw new ConnectException("Offset for partition " + partition + " rejected: " + e.getMessage());
            }
        });
        return true;
    }
}
