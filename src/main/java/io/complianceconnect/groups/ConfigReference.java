package io.complianceconnect.groups;

import org.apache.kafka.common.config.ConfigDef;

import java.util.Locale;

/**
 * The configuration reference as Markdown tables, one per group, generated from the {@link ConfigDef} so
 * that docs/configuration.md cannot drift from the code ({@code ConfigReferenceTest} compares them).
 */
final class ConfigReference {

    private ConfigReference() {
    }

    static String markdown(ConfigDef definition) {
        StringBuilder out = new StringBuilder();
        String group = null;
        for (ConfigDef.ConfigKey key : definition.configKeys().values()) {   // definition order: by group
            if (!key.group.equals(group)) {
                group = key.group;
                out.append(out.length() == 0 ? "" : "\n").append("#### ").append(group).append("\n\n")
                        .append("| key | type | default | valid values | importance | description |\n")
                        .append("|---|---|---|---|---|---|\n");
            }
            String defaultValue = !key.hasDefault() ? "required"
                    : key.defaultValue == null ? "null"
                    : "`" + ConfigDef.convertToString(key.defaultValue, key.type) + "`";
            if ("``".equals(defaultValue)) {
                defaultValue = "\"\"";
            }
            out.append("| `").append(key.name).append("` | ").append(key.type.name().toLowerCase(Locale.ROOT))
                    .append(" | ").append(defaultValue)
                    .append(" | ").append(key.validator == null ? "" : key.validator.toString().replace("|", "\\|"))
                    .append(" | ").append(key.importance.name().toLowerCase(Locale.ROOT))
                    .append(" | ").append(key.documentation.replace("|", "\\|")).append(" |\n");
        }
        return out.toString();
    }
}
