package io.complianceconnect.groups.simulator;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Starts simulators for a test class and closes them: register it with {@code @RegisterExtension},
 * then {@link #start(Consumer)} one with the class's defaults plus the test's own settings.
 *
 * <ul>
 *   <li>On an instance field, every simulator a test started is closed after that test.</li>
 *   <li>On a static field, a simulator started in {@code @BeforeAll} is shared by the class: its
 *       injected faults and request log are cleared before each test, and it is closed after the
 *       last one. Simulators a test starts are still closed after that test.</li>
 * </ul>
 *
 * <pre>{@code
 * @RegisterExtension
 * final SimulatorExtension simulators = new SimulatorExtension(b -> b.clock(clock).seed(5));
 * ...
 * ComplianceApiSimulator simulator = simulators.start(b -> b.apiKey(KEY).rateLimitPerMinute(2));
 * }</pre>
 */
public final class SimulatorExtension implements BeforeEachCallback, AfterEachCallback, AfterAllCallback {

    private final Consumer<ComplianceApiSimulator.Builder> defaults;
    private final List<Consumer<ComplianceApiSimulator>> startListeners = new ArrayList<>();
    private final List<ComplianceApiSimulator> sharedByTheClass = new ArrayList<>();
    private final List<ComplianceApiSimulator> startedByTheTest = new ArrayList<>();
    private boolean inTest;

    public SimulatorExtension() {
        this(builder -> { });
    }

    /** @param defaults applied to every simulator's builder before the test's own settings */
    public SimulatorExtension(Consumer<ComplianceApiSimulator.Builder> defaults) {
        this.defaults = Objects.requireNonNull(defaults, "defaults");
    }

    /** Called with each simulator once started, e.g. to point a test's fields at the newest one. */
    public SimulatorExtension onStart(Consumer<ComplianceApiSimulator> listener) {
        startListeners.add(Objects.requireNonNull(listener, "listener"));
        return this;
    }

    /** Starts a simulator with the defaults, then {@code setup}: the test's settings win. */
    public ComplianceApiSimulator start(Consumer<ComplianceApiSimulator.Builder> setup) {
        ComplianceApiSimulator.Builder builder = ComplianceApiSimulator.builder();
        defaults.accept(builder);
        setup.accept(builder);
        ComplianceApiSimulator simulator = builder.start();
        (inTest ? startedByTheTest : sharedByTheClass).add(simulator);
        startListeners.forEach(listener -> listener.accept(simulator));
        return simulator;
    }

    /** Starts a simulator with the defaults alone. */
    public ComplianceApiSimulator start() {
        return start(builder -> { });
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        inTest = true;
        for (ComplianceApiSimulator shared : sharedByTheClass) {
            shared.faults().clear();
            shared.requestLog().clear();
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        inTest = false;
        closeAll(startedByTheTest);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        closeAll(sharedByTheClass);
    }

    /** Newest first; every one is closed even when closing another fails. */
    private static void closeAll(List<ComplianceApiSimulator> simulators) {
        RuntimeException failure = null;
        for (int i = simulators.size() - 1; i >= 0; i--) {
            try {
                simulators.get(i).close();
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        simulators.clear();
        if (failure != null) {
            throw failure;
        }
    }
}
