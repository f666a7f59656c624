package io.complianceconnect.groups;

import org.apache.kafka.connect.source.SourceTaskContext;
import org.apache.kafka.connect.storage.OffsetStorageReader;

import java.lang.reflect.Proxy;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/** A worker's task context for tests that run the task without a worker. */
final class TaskContexts {

    private TaskContexts() {
    }

    /**
     * A context whose offsets are {@code stored} (read when asked); a proxy, so that the tests compile
     * against every Connect API of the matrix (4.1 adds an abstract {@code pluginMetrics()}, which the
     * task's metrics do without when it throws).
     */
    static SourceTaskContext reading(Map<Map<String, Object>, Map<String, Object>> stored) {
        OffsetStorageReader reader = new OffsetStorageReader() {
            @Override
            public <T> Map<String, Object> offset(Map<String, T> partition) {
                return stored.get(partition);
            }

            @Override
            public <T> Map<Map<String, T>, Map<String, Object>> offsets(Collection<Map<String, T>> partitions) {
                Map<Map<String, T>, Map<String, Object>> result = new HashMap<>();
                partitions.forEach(p -> result.put(p, stored.get(p)));
                return result;
            }
        };
        return (SourceTaskContext) Proxy.newProxyInstance(TaskContexts.class.getClassLoader(),
                new Class<?>[]{SourceTaskContext.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "configs" -> Map.of();
                    case "offsetStorageReader" -> reader;
                    case "transactionContext" -> null;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
