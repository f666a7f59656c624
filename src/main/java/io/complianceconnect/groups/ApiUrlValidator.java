package io.complianceconnect.groups;

import io.complianceconnect.groups.client.ApiBaseUrl;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

import java.net.URI;
import java.net.URISyntaxException;

/** Applies the client's base-URL rule ({@link ApiBaseUrl}) to {@code compliance.api.url}, so both refuse the same URLs. */
final class ApiUrlValidator implements ConfigDef.Validator {

    private final String example;

    ApiUrlValidator(String example) {
        this.example = example;
    }

    @Override
    public void ensureValid(String name, Object value) {
        if (value == null) {
            throw new ConfigException(name, null, "must be set, for example " + example);
        }
        String url = (String) value;
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new ConfigException(name, url, "must be a URL such as " + example);
        }
        String problem = ApiBaseUrl.problem(uri);
        if (problem != null) {
            throw new ConfigException(name, url, problem);
        }
    }

    /** Shown in the configuration reference's "valid values" column. */
    @Override
    public String toString() {
        return "an https URL (http only for loopback hosts)";
    }
}
