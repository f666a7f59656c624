package io.complianceconnect.groups.sweep;

import io.complianceconnect.groups.simulator.MutableClock;
import io.complianceconnect.groups.client.ClientListener;
import io.complianceconnect.groups.client.ClientSettings;
import io.complianceconnect.groups.client.ComplianceApiClient;
import io.complianceconnect.groups.simulator.ComplianceApiSimulator;
import io.complianceconnect.groups.state.DirectoryState;
import io.complianceconnect.groups.state.FeedPosition;
import io.complianceconnect.groups.state.StatePartitions;
import io.complianceconnect.groups.state.SweepCursor;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.ToIntFunction;
import java.util.function.UnaryOperator;

/**
 * Runs a {@link SweepEngine} the way the Connect worker runs the task, without Kafka: each {@link
 * #step} is one {@code poll()}, that is {@code next()}, then every returned record delivered and
 * acknowledged, as the producer callback would once Kafka has it. The one driver of the sweep tests
 * and the benchmarks:
 * <ul>
 *   <li>{@linkplain Builder#recording() recording}, it keeps every delivered record and, per
 *       partition, the newest offset, as the worker's offset commits would, so a new engine built
 *       from {@link #offsets} ({@link #restart}) behaves like a restarted task;</li>
 *   <li>otherwise records are dropped once acknowledged, and what is measured is the connector's
 *       own work; {@linkplain Observer observers} (the benchmarks' meter) see each poll.</li>
 * </ul>
 * Not thread-safe: one driver per thread.
 */
public final class EngineDriver implements AutoCloseable {

    /** Sees every poll, on the polling thread. */
    public interface Observer {
        default void beforePoll(SweepEngine engine) {
        }

        /** After the poll's records were delivered and acknowledged. */
        void polled(SweepEngine engine, List<SourceRecord> records);
    }

    final Map<Map<String, Object>, Map<String, Object>> offsets = new HashMap<>();
    /** {@linkplain Builder#atLeastOnce At-least-once}: acknowledged offsets the next flush writes. */
    final Map<Map<String, Object>, Map<String, Object>> unflushed = new HashMap<>();
    final List<SourceRecord> delivered = new ArrayList<>();
    /** {@linkplain Builder#connectorTransactions Connector-defined transactions}: each committed one, in order. */
    final List<List<SourceRecord>> transactions = new ArrayList<>();
    /** How long each committed one was open, by the engine's clock: from its first record's poll to its commit. */
    final List<Duration> transactionSpans = new ArrayList<>();
    /** The records sent in the transaction not committed yet. */
    private final List<SourceRecord> openTransaction = new ArrayList<>();
    /** When the open transaction got its first record (the engine's clock), or -1. */
    private long openSinceMs = -1;
    private final Builder options;
    /** The engine's settings: the builder's, until a {@link #restartWith reconfiguration}. */
    private SweepSettings settings;
    private ComplianceApiClient client;
    SweepEngine engine;

    /** For the sweep tests: recording, with 200 ms polls and retries after milliseconds. */
    EngineDriver(ComplianceApiSimulator simulator, String apiKey, SweepSettings settings) {
        this(builder(simulator.baseUrl(), apiKey, settings).recording().maxBlock(Duration.ofMillis(200))
                .client(b -> b.requestsPerMinute(0).backoffInitial(Duration.ofMillis(5))
                        .backoffMax(Duration.ofMillis(20))));
    }

    private EngineDriver(Builder options) {
        this.options = options;
        this.settings = options.settings;
        client = newClient();
        engine = newEngine();
    }

    public static Builder builder(URI baseUrl, String apiKey, SweepSettings settings) {
        return new Builder(baseUrl, apiKey, settings);
    }

    static SweepSettings settings(int pageSize) {
        return new SweepSettings("test", "groups", "members", "sweeps", "", pageSize, true, Duration.ZERO,
                Duration.ofMinutes(1));
    }

    public SweepEngine engine() {
        return engine;
    }

    /**
     * A new client and a new engine from the stored offsets, as a task restarted on another worker;
     * an open transaction is aborted: its records are never delivered.
     */
    public void restart() {
        unflushed.clear();
        openTransaction.clear();
        openSinceMs = -1;
        client.close();
        client = newClient();
        engine = newEngine();
    }

    /**
     * At-least-once: the worker stops the task gracefully (a REST restart, a rebalance): its last
     * offset flush writes every acknowledged offset, but the task is never told (no {@code commit()}
     * reaches it after it stopped); then the task starts again from those offsets.
     */
    void restartAfterFinalFlush() {
        offsets.putAll(unflushed);
        restart();
    }

    /** A task restarted from the stored offsets after its connector was reconfigured with {@code newSettings}. */
    void restartWith(SweepSettings newSettings) {
        settings = newSettings;
        restart();
    }

    /** Starts over as a new connector: no offsets, a new engine, whose next sweep is a snapshot again. */
    public void forgetState() {
        offsets.clear();
        engine = newEngine();
    }

    /** Runs steps until the engine has completed {@code sweeps} more sweeps (recording only). */
    void runSweeps(int sweeps) throws InterruptedException {
        long target = completedSweeps() + sweeps;
        int guard = 0;
        while (completedSweeps() < target) {
            step();
            if (++guard > 1_000_000) {
                throw new AssertionError("sweep did not complete");
            }
        }
    }

    /** Runs steps until {@code stop} says so (checked between steps). */
    public void runUntil(BooleanSupplier stop) throws InterruptedException {
        while (!stop.getAsBoolean()) {
            step();
        }
    }

    /** Runs steps for {@code duration} of wall time. */
    void runFor(Duration duration) throws InterruptedException {
        Instant until = Instant.now().plus(duration);
        runUntil(() -> Instant.now().isAfter(until));
    }

    /** Runs steps until {@code done} says so, failing with what was emitted if that takes longer than {@code limit}. */
    void runUntil(BooleanSupplier done, Duration limit) throws InterruptedException {
        Instant deadline = Instant.now().plus(limit);
        runUntil(() -> {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("not done within " + limit + "; emitted: " + changesSince(0));
            }
            return done.getAsBoolean();
        });
    }

    /** One poll: deliver and acknowledge whatever it returns. */
    public List<SourceRecord> step() throws InterruptedException {
        for (Observer observer : options.observers) {
            observer.beforePoll(engine);
        }
        List<SourceRecord> records;
        if (options.connectorTransactions) {
            records = stepInTransaction();
        } else {
            records = poll().records();
            for (SourceRecord r : records) {
                deliver(r);
            }
        }
        for (Observer observer : options.observers) {
            observer.polled(engine, records);
        }
        return records;
    }

    /**
     * As the exactly-once worker with {@code transaction.boundary=connector} does: the records join
     * the open transaction; when the step ends it, its records are delivered with their offsets, and
     * only then acknowledged, and the task's {@code commit()} follows.
     */
    private SweepEngine.Step poll() throws InterruptedException {
        return options.pollRecordLimit > 0 ? engine.nextSteps(options.maxBlock, options.pollRecordLimit)
                : engine.nextStep(options.maxBlock);
    }

    private List<SourceRecord> stepInTransaction() throws InterruptedException {
        long polledAt = options.clock.millis();
        SweepEngine.Step step = poll();
        if (openTransaction.isEmpty() && !step.records().isEmpty()) {
            openSinceMs = polledAt;
        }
        openTransaction.addAll(step.records());
        if (step.endsTransaction() && !openTransaction.isEmpty()) {
            transactions.add(List.copyOf(openTransaction));
            transactionSpans.add(Duration.ofMillis(options.clock.millis() - openSinceMs));
            for (SourceRecord r : openTransaction) {
                deliver(r);
            }
            openTransaction.clear();
            engine.committed();
        }
        return step.records();
    }

    /**
     * Connector-defined transactions: the connector is paused for {@code pause} (the worker stops
     * polling; the engine's clock, which must be {@code clock}, moves on) and resumed. The worker
     * commits at a pause only a transaction the task asked to end, so one open stays open; when the
     * pause outlasts {@code transactionTimeout}, the coordinator aborts it, the task fails on its next
     * send, and is restarted ({@link #restart}).
     *
     * @return whether the open transaction was aborted
     */
    boolean pauseAndResume(MutableClock clock, Duration pause, Duration transactionTimeout) {
        boolean open = !openTransaction.isEmpty();
        clock.advance(pause);
        if (open && options.clock.millis() - openSinceMs > transactionTimeout.toMillis()) {
            restart();
            return true;
        }
        return false;
    }

    /** Records sent in the transaction not committed yet (connector-defined transactions). */
    List<SourceRecord> openTransaction() {
        return List.copyOf(openTransaction);
    }

    /** One poll whose records reach Kafka but whose offsets never get committed (a crash). */
    List<SourceRecord> stepWithoutCommittingOffsets() throws InterruptedException {
        return stepCommittingFirst(records -> 0);
    }

    /**
     * One poll whose records all reach Kafka, but of which the worker commits the offsets of only
     * the first {@code committed.applyAsInt(records)} before it crashes (recording only): what a
     * {@link #restart} then finds is the state of a task that died mid-batch.
     */
    List<SourceRecord> stepCommittingFirst(ToIntFunction<List<SourceRecord>> committed) throws InterruptedException {
        List<SourceRecord> records = engine.nextStep(options.maxBlock).records();
        int k = committed.applyAsInt(records);
        for (int i = 0; i < records.size(); i++) {
            delivered.add(records.get(i));
            if (i < k) {
                commitOffset(records.get(i));
            }
            engine.acknowledged(records.get(i));
        }
        return records;
    }

    /**
     * One poll whose records reach Kafka but whose acknowledgements (and so offset commits) the
     * producer has not reported yet; {@link Withheld#release} reports them (recording only).
     */
    Withheld stepWithholdingAcknowledgements() throws InterruptedException {
        List<SourceRecord> records = engine.nextStep(options.maxBlock).records();
        delivered.addAll(records);
        return new Withheld(records);
    }

    /** Records delivered whose acknowledgements have not reached the engine yet. */
    final class Withheld {
        final List<SourceRecord> records;

        private Withheld(List<SourceRecord> records) {
            this.records = List.copyOf(records);
        }

        void release() {
            for (SourceRecord r : records) {
                commitOffset(r);
                engine.acknowledged(r);
            }
        }

        /** The worker dies before the producer sends them: they never reach Kafka, nor their offsets. */
        void lose() {
            delivered.removeAll(records);
        }
    }

    private void deliver(SourceRecord r) {
        if (options.recording) {
            delivered.add(r);
            commitOffset(r);
        }
        engine.acknowledged(r);
    }

    /** The worker's offset commit: per partition, the offset of the newest acknowledged record. */
    private void commitOffset(SourceRecord r) {
        @SuppressWarnings("unchecked")
        Map<String, Object> partition = (Map<String, Object>) r.sourcePartition();
        @SuppressWarnings("unchecked")
        Map<String, Object> offset = (Map<String, Object>) r.sourceOffset();
        (options.atLeastOnce ? unflushed : offsets).put(partition, offset);
    }

    /** At-least-once: the worker's offset flush succeeds, then it calls {@code SourceTask.commit()}. */
    void flush() {
        offsets.putAll(unflushed);
        unflushed.clear();
        engine.committed();
    }

    /**
     * At-least-once: the worker dies while it flushes: of the acknowledged offsets, only those of the
     * partitions {@code written} accepts reach the offsets topic; then the task is restarted.
     */
    void crashMidFlush(Predicate<Map<String, Object>> written) {
        unflushed.forEach((partition, offset) -> {
            if (written.test(partition)) {
                offsets.put(partition, offset);
            }
        });
        restart();
    }

    /** The highest sweep number a delivered SWEEP_COMPLETED event carries (recording only). */
    long completedSweeps() {
        return delivered.stream().filter(r -> settings.sweepsTopic().equals(r.topic()))
                .map(r -> (Struct) r.value())
                .filter(v -> "SWEEP_COMPLETED".equals(v.getString("event")))
                .mapToLong(v -> v.getInt64("sweep")).max().orElse(0);
    }

    /** Change records (not sweep events) delivered since index {@code from}, as "TYPE key" strings. */
    List<String> changesSince(int from) {
        return changes(delivered.subList(from, delivered.size()));
    }

    /** The change records (not sweep events) among {@code records}, as "TYPE key" strings. */
    List<String> changes(List<SourceRecord> records) {
        List<String> result = new ArrayList<>();
        for (SourceRecord r : records) {
            if (settings.sweepsTopic().equals(r.topic())) {
                continue;
            }
            result.add((r.value() == null ? "TOMBSTONE" : ((Struct) r.value()).getString("change_type")) + " "
                    + keyText(r));
        }
        return result;
    }

    /** The compacted view of a topic: key text → last non-deleted value. */
    Map<String, Struct> compacted(String topic) {
        Map<String, Struct> view = new TreeMap<>();
        for (SourceRecord r : delivered) {
            if (!topic.equals(r.topic())) {
                continue;
            }
            Struct value = (Struct) r.value();
            if (value == null || "DELETED".equals(value.getString("change_type"))) {
                view.remove(keyText(r));
            } else {
                view.put(keyText(r), value);
            }
        }
        return view;
    }

    /** A group's or membership's record key as text: the group id, or "group id/user id". */
    public static String keyText(SourceRecord r) {
        Struct key = (Struct) r.key();
        return key.schema().field("id") != null ? key.getString("id")
                : key.getString("group_id") + "/" + key.getString("user_id");
    }

    private ComplianceApiClient newClient() {
        ClientSettings settings = options.clientOptions.apply(ClientSettings.builder().baseUrl(options.baseUrl)
                .apiKey(options.apiKey)).build();
        return new ComplianceApiClient(settings, options.listener);
    }

    private SweepEngine newEngine() {
        SweepCursor cursor = SweepCursor.fromOffset(offsets.get(StatePartitions.cursor()));
        FeedPosition feed = FeedPosition.fromOffset(offsets.get(StatePartitions.feed()));
        DirectoryState state = DirectoryState.load(partitions -> {
            Map<Map<String, Object>, Map<String, Object>> result = new HashMap<>();
            partitions.forEach(p -> result.put(p, offsets.get(p)));
            return result;
        });
        return new SweepEngine(settings, client, state, cursor, feed, options.clock,
                options.connectorTransactions ? SweepEngine.Delivery.CONNECTOR_TRANSACTIONS
                        : options.atLeastOnce ? SweepEngine.Delivery.AT_LEAST_ONCE : SweepEngine.Delivery.EXACTLY_ONCE);
    }

    @Override
    public void close() {
        client.close();
    }

    /** How to build the driver; without options, it drops records and polls as the task does. */
    public static final class Builder {
        private final URI baseUrl;
        private final String apiKey;
        private final SweepSettings settings;
        private UnaryOperator<ClientSettings.Builder> clientOptions = b -> b;
        private ClientListener listener = ClientListener.NO_OP;
        private Clock clock = Clock.systemUTC();
        private Duration maxBlock = Duration.ofSeconds(1);
        private boolean recording;
        private boolean atLeastOnce;
        private boolean connectorTransactions;
        /** Records a poll takes steps up to ({@link SweepEngine#nextSteps}); 0: one step a poll. */
        private int pollRecordLimit;
        private final List<Observer> observers = new ArrayList<>();

        private Builder(URI baseUrl, String apiKey, SweepSettings settings) {
            this.baseUrl = baseUrl;
            this.apiKey = apiKey;
            this.settings = settings;
        }

        /** Client settings beyond the base URL and the key. */
        public Builder client(UnaryOperator<ClientSettings.Builder> clientOptions) {
            this.clientOptions = clientOptions;
            return this;
        }

        public Builder listener(ClientListener listener) {
            this.listener = listener;
            return this;
        }

        /** The engine's clock (the client's is set with {@link #client}). */
        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /** The longest one step may block; the task's poll() passes one second. */
        public Builder maxBlock(Duration maxBlock) {
            this.maxBlock = maxBlock;
            return this;
        }

        /** Keep every delivered record and the offsets the worker would commit. */
        /**
         * Offsets are stored only by {@link #flush} (or partly, by {@link #crashMidFlush}), as the
         * worker does under at-least-once delivery, and the engine is told commits apart from
         * acknowledgements (recording only).
         */
        public Builder atLeastOnce() {
            this.atLeastOnce = true;
            return this;
        }

        /**
         * The engine defines the transactions and the driver commits them as the worker would: records
         * delivered, offsets stored and acknowledgements reported only when one ends (recording only).
         */
        public Builder connectorTransactions() {
            this.connectorTransactions = true;
            return this;
        }

        public Builder recording() {
            this.recording = true;
            return this;
        }

        /** Each poll takes steps as the task's does, up to about {@code recordLimit} records ({@link SweepEngine#nextSteps}). */
        public Builder pollsUpTo(int recordLimit) {
            this.pollRecordLimit = recordLimit;
            return this;
        }

        public Builder observer(Observer observer) {
            observers.add(observer);
            return this;
        }

        public EngineDriver build() {
            return new EngineDriver(this);
        }
    }
}
