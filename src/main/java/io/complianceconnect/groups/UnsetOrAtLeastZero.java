package io.complianceconnect.groups;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/** A long setting that may be left unset (its default is then worked out) or is a number of milliseconds, not negative. */
final class UnsetOrAtLeastZero implements ConfigDef.Validator {
    @Override
    public void ensureValid(String name, Object value) {
        if (value != null && (Long) value < 0) {
            throw new ConfigException(name, value, "must be unset or at least 0");
        }
    }

    @Override
    public String toString() {
        return "unset, or [0,...]";
    }
}
