package io.complianceconnect.groups.sweep;

import io.complianceconnect.groups.simulator.ComplianceApiSimulator;
import io.complianceconnect.groups.simulator.Directory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import java.util.Map;
import java.util.TreeMap;

/**
 * What every engine test starts from: a simulator with its own key and seed, its directory, and the
 * driver the test makes (closed after the test, before the simulator).
 */
abstract class SimulatedEngineTest {

    private final String key;
    private final long seed;
    ComplianceApiSimulator simulator;
    Directory directory;
    EngineDriver driver;

    SimulatedEngineTest(String key, long seed) {
        this.key = key;
        this.seed = seed;
    }

    String key() {
        return key;
    }

    @BeforeEach
    final void startSimulator() {
        simulator = ComplianceApiSimulator.builder().apiKey(key).seed(seed).start();
        directory = simulator.directory();
    }

    @AfterEach
    final void closeDriverAndSimulator() {
        if (driver != null) {
            driver.close();
        }
        simulator.close();
    }

    /** The members topic as a replica holds it: "group/user" → email. */
    Map<String, String> compactedMembers() {
        Map<String, String> actual = new TreeMap<>();
        driver.compacted("members").forEach((k, v) -> actual.put(k, v.getString("email")));
        return actual;
    }

    /** What the members topic should hold: the simulator's directory, "group/user" → email. */
    Map<String, String> expectedMembers() {
        Map<String, String> expected = new TreeMap<>();
        directory.groups().forEach(g -> directory.members(g.id())
                .forEach(m -> expected.put(g.id() + "/" + m.userId(), m.email())));
        return expected;
    }
}
