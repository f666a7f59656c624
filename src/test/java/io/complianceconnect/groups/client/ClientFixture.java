package io.complianceconnect.groups.client;

import io.complianceconnect.groups.simulator.ComplianceApiSimulator;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

import static io.complianceconnect.groups.client.ClientTestSupport.KEY;

/**
 * Clients for the client tests' simulator, set up the way those tests talk to it (its URL,
 * {@link ClientTestSupport#KEY}, no local request ceiling) plus each test's own settings; every
 * client a test makes is closed after it. Register it with {@code @RegisterExtension} beside a
 * {@link io.complianceconnect.groups.simulator.SimulatorExtension}.
 */
final class ClientFixture implements AfterEachCallback {

    private final Supplier<ComplianceApiSimulator> simulator;
    private final List<ComplianceApiClient> clients = new ArrayList<>();

    /** @param simulator the simulator to talk to, read when a client is made */
    ClientFixture(Supplier<ComplianceApiSimulator> simulator) {
        this.simulator = simulator;
    }

    ComplianceApiClient client(UnaryOperator<ClientSettings.Builder> custom) {
        return track(new ComplianceApiClient(settings(custom)));
    }

    ComplianceApiClient client(UnaryOperator<ClientSettings.Builder> custom, ClientListener listener) {
        return track(new ComplianceApiClient(settings(custom), listener));
    }

    private ClientSettings settings(UnaryOperator<ClientSettings.Builder> custom) {
        return custom.apply(ClientSettings.builder().baseUrl(simulator.get().baseUrl()).apiKey(KEY)
                .requestsPerMinute(0)).build();
    }

    private ComplianceApiClient track(ComplianceApiClient client) {
        clients.add(client);
        return client;
    }

    @Override
    public void afterEach(ExtensionContext context) {
        clients.forEach(ComplianceApiClient::close);
        clients.clear();
    }
}
