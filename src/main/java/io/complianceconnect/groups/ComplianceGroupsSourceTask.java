package io.complianceconnect.groups;

import io.complianceconnect.groups.client.AuthenticationException;
import io.complianceconnect.groups.client.ComplianceApiClient;
import io.complianceconnect.groups.client.ComplianceApiException;
import io.complianceconnect.groups.client.PermissionException;
import io.complianceconnect.groups.state.DirectoryState;
import io.complianceconnect.groups.state.FeedPosition;
import io.complianceconnect.groups.state.NewerOffsetsException;
import io.complianceconnect.groups.state.StatePartitions;
import io.complianceconnect.groups.state.SweepCursor;
import io.complianceconnect.groups.sweep.SweepEngine;
import io.complianceconnect.groups.sweep.SweepSettings;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;
import org.apache.kafka.connect.source.TransactionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Runs the sweeps. {@code poll()} does one short step of the {@link SweepEngine} (at most one API
 * request, never blocking for more than about a second) and returns its change records.
 */
public class ComplianceGroupsSourceTask extends SourceTask {

    private static final Logger log = LoggerFactory.getLogger(ComplianceGroupsSourceTask.class);

    /** Longest a poll() may block, so that the worker can commit, pause or stop the task promptly. */
    static final Duration POLL_MAX_BLOCK = Duration.ofSeconds(1);
    /**
     * About how many records one poll returns at most: enough that the worker's per-poll work (it
     * copies the offsets of every source partition waiting for the next flush) is spread over many
     * records, few enough that a poll stays a fraction of a second.
     */
    static final int POLL_RECORD_LIMIT = 2_000;

    /** Connect's connector setting that makes the worker refuse the connector without exactly-once. */
    static final String EXACTLY_ONCE_SUPPORT = "exactly.once.support";

    private ComplianceApiClient client;
    private SweepEngine engine;
    /** Null unless the worker runs exactly-once with transaction.boundary=connector. */
    private TransactionContext transactions;
    private TaskMetrics metrics;
    private volatile boolean stopping;

    @Override
    public String version() {
        return ConnectorVersion.get();
    }

    @Override
    public void start(Map<String, String> props) {
        stopping = false;
        ComplianceGroupsSourceConnectorConfig config = new ComplianceGroupsSourceConnectorConfig(props);
        CrossKeyRules.check(config);
        String connectorName = config.connectorName();
        metrics = TaskMetrics.register(context, connectorName);
        client = new ComplianceApiClient(config.clientSettings(), metrics);

        long started = System.nanoTime();
        SweepCursor cursor;
        FeedPosition feed;
        DirectoryState state;
        try {
            cursor = SweepCursor.fromOffset(context.offsetStorageReader().offset(StatePartitions.cursor()));
            feed = FeedPosition.fromOffset(context.offsetStorageReader().offset(StatePartitions.feed()));
            state = DirectoryState.load(partitions -> context.offsetStorageReader().offsets(partitions));
        } catch (NewerOffsetsException e) {
            throw new ConnectException("The connector's stored offsets cannot be read: " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new ConnectException("The connector's stored offsets cannot be read (" + e.getMessage() + "). "
                    + "If they were altered by hand, correct them; otherwise reset the connector's offsets "
                    + "(DELETE /connectors/{name}/offsets while it is stopped) to start a fresh snapshot.", e);
        }
        log.info("Task started for connector {}: {} groups and {} memberships restored from offsets in {} ms; {}",
                connectorName, state.groupCount(), state.membershipCount(),
                Duration.ofNanos(System.nanoTime() - started).toMillis(), describe(cursor));
        if (!exactlyOnceRequired(props)) {
            log.warn("Connector {} runs without exactly.once.support=required (at-least-once delivery). {} Set "
                    + "exactly.once.support=required on the connector, with exactly.once.source.support=enabled on "
                    + "the workers, for an audit-grade replica (docs/guarantees.md, \"What at-least-once can leave "
                    + "behind\").", connectorName, config.feedMode() == SweepSettings.FeedMode.DISABLED
                    ? "With the activity feed disabled, after a worker crash a membership or group emitted in the "
                    + "last offset flush interval and removed before it is listed again stays in the topics, and one "
                    + "re-added with the same content after a lost deletion is not emitted again, until a re-snapshot."
                    : "After a worker crash the activity feed is replayed and repairs what it names; a membership "
                    + "first emitted in the last offset flush interval whose group is deleted before it is listed "
                    + "again, and which no activity names, stays in the topics (and all of the feed's repairs are "
                    + "off if the key lacks read:compliance_activities).");
        }
        // Non-null only on an exactly-once worker with transaction.boundary=connector.
        transactions = context.transactionContext();
        SweepEngine.Delivery delivery = SweepEngine.Delivery.AT_LEAST_ONCE;
        SweepSettings settings;
        try {
            settings = config.sweepSettings(connectorName)
                    .withTransactionTimeout(SweepSettings.producerTransactionTimeout(props));
        } catch (IllegalArgumentException e) {
            throw new ConnectException(e.getMessage(), e);
        }
        if (transactions != null) {
            delivery = SweepEngine.Delivery.CONNECTOR_TRANSACTIONS;
            log.info("Transactions: one per group change (its group and membership records), sweep events and "
                    + "checkpoints in their own; a change of more than {} records ({}), or open for {} s (half of "
                    + "the producer's transaction.timeout.ms, {}), is split", config.groupTransactionMaxRecords(),
                    ComplianceGroupsSourceConnectorConfig.GROUP_TRANSACTION_MAX_RECORDS,
                    settings.transactionMaxDuration().toSeconds(), SweepSettings.PRODUCER_TRANSACTION_TIMEOUT);
        }
        engine = new SweepEngine(settings, client, state, cursor, feed, Clock.systemUTC(), delivery);
        log.info("Activity feed: {}", config.feedMode() == SweepSettings.FeedMode.DISABLED
                ? "disabled, full sweeps only" : "followed when the key has read:compliance_activities (mode "
                + config.feedMode().name().toLowerCase() + "); full sweeps every " + config.sweepInterval().toMillis()
                + " ms reconcile");
        metrics.attach(engine);
    }

    /** One step of the engine: wait for what it depends on, one request at most, its records. */
    @Override
    public List<SourceRecord> poll() throws InterruptedException {
        if (stopping) {
            return null;
        }
        try {
            SweepEngine.Step step = engine.nextSteps(POLL_MAX_BLOCK, POLL_RECORD_LIMIT);
            if (step.endsTransaction() && transactions != null) {
                // After this poll's records, or the ones before them when there are none: a poll's
                // steps end where a transaction does.
                transactions.commitTransaction();
            }
            List<SourceRecord> records = step.records();
            metrics.recordsEmitted(records);
            return records.isEmpty() ? null : records;
        } catch (ComplianceApiException e) {
            if (stopping) {
                return null;   // the client was closed by a stop: not a failure
            }
            throw stopped(e);
        }
    }

    /** What the operator must do about an API error that stopped the task. */
    private static ConnectException stopped(ComplianceApiException e) {
        if (e instanceof AuthenticationException) {
            return new ConnectException("The Compliance API rejected the key (HTTP 401, request-id " + e.requestId()
                    + "): it is invalid or revoked. Create a new Compliance Access Key in claude.ai (Primary Owner), "
                    + "update " + ComplianceGroupsSourceConnectorConfig.API_KEY + " and restart the connector; it "
                    + "resumes where it stopped.", e);
        }
        if (e instanceof PermissionException permission) {
            String scope = permission.missingScope() != null ? permission.missingScope()
                    : "read:compliance_org_data and read:compliance_user_data";
            return new ConnectException("The Compliance API key lacks a scope (HTTP 403, request-id " + e.requestId()
                    + "): it needs " + scope + ". Scopes are fixed when a key is created: create a new Compliance Access Key"
                    + " with " + scope + " in claude.ai (Primary Owner), update "
                    + ComplianceGroupsSourceConnectorConfig.API_KEY + " and restart the connector; it resumes where it"
                    + " stopped.", e);
        }
        return new ConnectException("The sweep stopped on a Compliance API error: " + e.getMessage()
                + " Restart the connector once the cause is fixed; it resumes where it stopped.", e);
    }

    @Override
    public void commitRecord(SourceRecord record, RecordMetadata metadata) {
        engine.acknowledged(record);
    }

    /** After each successful offset flush (at-least-once) or transaction (exactly-once). */
    @Override
    public void commit() {
        if (engine != null) {
            engine.committed();
        }
    }

    /**
     * Whether the connector asks for exactly-once ({@code requested}, the default, lets a worker
     * without it run the task at-least-once). Only for the warning: the engine runs as under
     * at-least-once whatever the setting, because a worker with exactly-once disabled ignores it,
     * and what it does is right under both modes (see DurabilityGate).
     */
    static boolean exactlyOnceRequired(Map<String, String> props) {
        return "required".equalsIgnoreCase(props.getOrDefault(EXACTLY_ONCE_SUPPORT, "").trim());
    }

    @Override
    public void stop() {
        stopping = true;
        if (client != null) {
            client.close();
        }
        if (metrics != null) {
            metrics.close();
        }
    }

    private static String describe(SweepCursor cursor) {
        return switch (cursor.phase()) {
            case IDLE -> cursor.sweep() == 0 ? "starting the first (snapshot) sweep"
                    : "sweep " + cursor.sweep() + " was complete; next sweep due at epoch ms " + cursor.nextSweepAtMs();
            case GROUPS -> "resuming sweep " + cursor.sweep() + (cursor.groupsPageToken() == null
                    ? " from the first groups page" : " from a stored groups page token");
            case DELETES -> "sweep " + cursor.sweep() + " was confirming deletions; finishing it";
        };
    }
}
