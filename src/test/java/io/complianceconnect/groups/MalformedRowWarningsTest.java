package io.complianceconnect.groups;

import io.complianceconnect.groups.client.Endpoint;
import io.complianceconnect.groups.client.MalformedRow;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.connect.source.SourceTaskContext;
import org.apache.kafka.connect.storage.OffsetStorageReader;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class MalformedRowWarningsTest {

    private static final MalformedRow NO_ID = new MalformedRow(MalformedRow.Kind.SKIPPED_WITHOUT_ID, null);
    private static final MalformedRow BAD_EMAIL = new MalformedRow(MalformedRow.Kind.WRONG_TYPE, "email");

    @Test
    void eachKindIsLoggedOncePerSweepNamingTheFieldAndTheRequestIdOnly() {
        AtomicLong sweep = new AtomicLong(3);
        MalformedRowWarnings warnings = new MalformedRowWarnings(sweep::get);

        String first = warnings.warning(Endpoint.LIST_MEMBERS, BAD_EMAIL, "req_1");
        assertThat(first).contains("WRONG_TYPE", "/v1/compliance/groups/{group_id}/members", "field email",
                "request-id req_1", "malformed-rows-total", "sweep 3");
        assertThat(warnings.warning(Endpoint.LIST_MEMBERS, BAD_EMAIL, "req_2")).as("same kind, same sweep").isNull();
        assertThat(warnings.warning(Endpoint.LIST_GROUPS, NO_ID, "req_3")).as("another kind")
                .contains("SKIPPED_WITHOUT_ID", "skipped", "deletes nothing");

        sweep.set(4);
        assertThat(warnings.warning(Endpoint.LIST_MEMBERS, BAD_EMAIL, "req_4")).as("the next sweep").contains("sweep 4");
    }

    @Test
    void everyMalformedRowCountsInTheTaskMetric() throws Exception {
        TaskMetrics metrics = TaskMetrics.register(new ContextWithoutPluginMetrics(), "malformed-rows-test");
        try {
            metrics.malformedRow(Endpoint.LIST_MEMBERS, BAD_EMAIL, "req_1");
            metrics.malformedRow(Endpoint.LIST_MEMBERS, BAD_EMAIL, "req_1");
            metrics.malformedRow(Endpoint.LIST_GROUPS, NO_ID, "req_2");

            Object value = ManagementFactory.getPlatformMBeanServer().getAttribute(
                    JmxTaskMetrics.objectName("malformed-rows-test"), "malformed-rows-total");
            assertThat(((Number) value).longValue()).isEqualTo(3);
        } finally {
            metrics.close();
        }
    }

    /** A worker older than Kafka 4.1: the metrics fall back to a JMX MBean, which the test can read. */
    private static final class ContextWithoutPluginMetrics implements SourceTaskContext {
        @Override
        public Map<String, String> configs() {
            return Map.of();
        }

        @Override
        public OffsetStorageReader offsetStorageReader() {
            throw new UnsupportedOperationException();
        }

        @Override
        public PluginMetrics pluginMetrics() {
            throw new UnsupportedOperationException("no plugin metrics before Kafka 4.1");
        }
    }
}
