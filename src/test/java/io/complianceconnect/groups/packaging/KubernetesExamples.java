package io.complianceconnect.groups.packaging;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reading the examples under config/kubernetes/, for the tests of each operator's examples. */
final class KubernetesExamples {

    static final Path STRIMZI_CONNECT = Path.of("config/kubernetes/strimzi/kafka-connect.yaml");
    static final Path STRIMZI_CONNECTOR = Path.of("config/kubernetes/strimzi/kafka-connector.yaml");
    static final Path CFK_CONNECT = Path.of("config/kubernetes/confluent/connect.yaml");
    static final Path CFK_CONNECTOR = Path.of("config/kubernetes/confluent/connector.yaml");

    /** The placeholders docs/operations.md tells the reader to replace. */
    static final String CHECKSUM_PLACEHOLDER = "SHA512_OF_THE_ARCHIVE";
    static final Pattern ARCHIVE_URL =
            Pattern.compile("https://ARCHIVE_HOST/complianceconnect-kafka-connect-compliance-groups-VERSION\\.zip");

    /** ${provider:path:key}, Kafka's config provider reference. */
    private static final Pattern PROVIDER_REFERENCE = Pattern.compile("\\$\\{([a-z]+):([^:}]+):([^}]+)}");

    private static final YAMLMapper YAML = YAMLMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private KubernetesExamples() {
    }

    static JsonNode tree(Path file) throws IOException {
        return YAML.readTree(file.toFile());
    }

    static <T> T bind(Path file, Class<T> type) throws IOException {
        return YAML.readValue(file.toFile(), type);
    }

    /**
     * Every property the operator's model did not recognise. Strimzi's and fabric8's model classes keep unknown
     * properties in an "additional properties" map instead of failing (FAIL_ON_UNKNOWN_PROPERTIES never fires for
     * them), so the objects are walked and each such map must be empty.
     */
    static List<String> unknownProperties(Object resource) {
        List<String> unknown = new ArrayList<>();
        walk(resource, "", unknown, Collections.newSetFromMap(new IdentityHashMap<>()));
        return unknown;
    }

    private static void walk(Object value, String path, List<String> unknown, Set<Object> seen) {
        if (value == null || !seen.add(value)) {
            return;
        }
        if (value instanceof Map<?, ?> map) {
            map.forEach((key, entry) -> walk(entry, path + "." + key, unknown, seen));
            return;
        }
        if (value instanceof Collection<?> items) {
            int i = 0;
            for (Object item : items) {
                walk(item, path + "[" + i++ + "]", unknown, seen);
            }
            return;
        }
        if (value.getClass().isArray() && !value.getClass().getComponentType().isPrimitive()) {
            for (int i = 0; i < Array.getLength(value); i++) {
                walk(Array.get(value, i), path + "[" + i + "]", unknown, seen);
            }
            return;
        }
        String name = value.getClass().getName();
        if (!name.startsWith("io.strimzi.") && !name.startsWith("io.fabric8.")) {
            return; // a plain value: a string, a number, a boolean, an enum of the JDK
        }
        for (Class<?> type = value.getClass(); type != null && type != Object.class; type = type.getSuperclass()) {
            for (Field field : type.getDeclaredFields()) {
                if (Modifier.isStatic(field.getModifiers()) || !field.trySetAccessible()) {
                    continue;
                }
                Object fieldValue = get(field, value);
                if (field.getName().equals("additionalProperties") && fieldValue instanceof Map<?, ?> extra) {
                    extra.keySet().forEach(key -> unknown.add(path + "." + key));
                } else {
                    walk(fieldValue, path + "." + field.getName(), unknown, seen);
                }
            }
        }
    }

    private static Object get(Field field, Object owner) {
        try {
            return field.get(owner);
        } catch (IllegalAccessException e) {
            throw new AssertionError("cannot read " + field, e);
        }
    }

    /** The configuration a connector resource gives the worker: its config map plus what the resource sets itself. */
    static Map<String, String> connectorConfig(String name, String connectorClass, int tasksMax, JsonNode config) {
        Map<String, String> result = new LinkedHashMap<>();
        result.put("name", name);
        result.put("connector.class", connectorClass);
        result.put("tasks.max", Integer.toString(tasksMax));
        config.properties().forEach(entry -> result.put(entry.getKey(), entry.getValue().asText()));
        return result;
    }

    /** The config provider references in a configuration, e.g. {directory, /mnt/x, api.key} for the key's value. */
    static List<ProviderReference> providerReferences(Map<String, String> config) {
        List<ProviderReference> references = new ArrayList<>();
        config.forEach((key, value) -> {
            Matcher reference = PROVIDER_REFERENCE.matcher(value);
            while (reference.find()) {
                references.add(new ProviderReference(key, reference.group(1), reference.group(2), reference.group(3)));
            }
        });
        return references;
    }

    /** A copy of the configuration with every provider reference replaced by {@code value}. */
    static Map<String, String> resolvedTo(Map<String, String> config, String value) {
        Map<String, String> resolved = new LinkedHashMap<>();
        config.forEach((key, text) -> resolved.put(key, PROVIDER_REFERENCE.matcher(text).replaceAll(Matcher.quoteReplacement(value))));
        return resolved;
    }

    record ProviderReference(String configKey, String provider, String path, String key) {
    }
}
