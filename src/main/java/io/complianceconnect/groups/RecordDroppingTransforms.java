package io.complianceconnect.groups;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds the transforms in a connector's chain that drop records. Connect counts a record a transform
 * dropped as handled, so the connector's state, stored in its offsets, would claim a change that never
 * reached the topic and never emit it again.
 *
 * <p>Decided: a transform is taken to drop records when its class's simple name (the outer class, for
 * {@code Filter$Value}) contains {@code Filter}: Kafka's {@code Filter}, with or without a predicate,
 * and the filters of other packages (Confluent's, Debezium's, Aiven's {@code FilterByFieldValue}).
 * A transform that returns null under another name cannot be told from its class; docs/guarantees.md
 * says which transforms are safe. Predicates need no check: they only choose which records a
 * transform applies to.
 */
final class RecordDroppingTransforms {

    /** Connect's {@code ConnectorConfig.TRANSFORMS_CONFIG}: the aliases of the chain, in order. */
    static final String TRANSFORMS = "transforms";

    private RecordDroppingTransforms() {
    }

    /** The refusal of each record-dropping transform in the chain, by its {@code transforms.ALIAS.type} key. */
    static Map<String, List<String>> problems(Map<String, ?> props) {
        Map<String, List<String>> byKey = new LinkedHashMap<>();
        for (String alias : aliases(props.get(TRANSFORMS))) {
            String typeKey = TRANSFORMS + "." + alias + ".type";
            String type = className(props.get(typeKey));
            if (type != null && dropsRecords(type)) {
                byKey.put(typeKey, List.of(typeKey + "=" + type + " drops records (a filter drops every record its"
                        + " predicate or condition matches, or all of them). Connect counts a dropped record as"
                        + " written, so this connector's state would claim changes that never reached the topic and"
                        + " never emit them again: a dropped deletion leaves consumers a phantom group or membership,"
                        + " a dropped creation or update is lost for good. Remove " + alias + " from " + TRANSFORMS
                        + ", and filter on the consumer side (in the consumer, Kafka Streams or ksqlDB), or set"
                        + " group.name.prefix to replicate only the groups whose names start with it."));
            }
        }
        return byKey;
    }

    /**
     * The value to report for a refused key, as Connect's REST answer expects it for that key's type: a
     * transform's type is a CLASS key, so a {@link Class} when this loader can see it, else none (a string
     * there would fail Connect's conversion). Other keys keep their text.
     */
    static Object reportedValue(String key, String value) {
        if (value == null || !key.startsWith(TRANSFORMS + ".") || !key.endsWith(".type")) {
            return value;
        }
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        for (ClassLoader loader : new ClassLoader[] {context, RecordDroppingTransforms.class.getClassLoader()}) {
            try {
                return Class.forName(value.trim(), false, loader);
            } catch (ClassNotFoundException | LinkageError | RuntimeException e) {
                // Installed as another plugin, or not at all: Connect reports a missing class itself.
            }
        }
        return null;
    }

    static boolean dropsRecords(String className) {
        String simple = className.substring(className.lastIndexOf('.') + 1);
        int nested = simple.indexOf('$');
        return (nested < 0 ? simple : simple.substring(0, nested)).contains("Filter");
    }

    private static List<String> aliases(Object chain) {
        List<String> aliases = new ArrayList<>();
        if (chain instanceof List<?> list) {
            list.forEach(alias -> aliases.add(alias.toString().trim()));
        } else if (chain != null) {
            for (String alias : chain.toString().split(",")) {
                aliases.add(alias.trim());
            }
        }
        aliases.removeIf(String::isEmpty);
        return aliases;
    }

    private static String className(Object type) {
        if (type instanceof Class<?> c) {
            return c.getName();
        }
        return type == null || type.toString().isBlank() ? null : type.toString().trim();
    }
}
