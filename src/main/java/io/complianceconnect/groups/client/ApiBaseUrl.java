package io.complianceconnect.groups.client;

import java.net.URI;
import java.util.Locale;

/**
 * The one rule for the API's base URL, used by {@link ClientSettings} and by the connector's
 * configuration alike: absolute, with a host, no credentials, query or fragment, and https unless the
 * host is loopback, because the access key is sent with every request.
 */
public final class ApiBaseUrl {

    private ApiBaseUrl() {
    }

    /** What is wrong with {@code url} as a base URL, or null when nothing is. */
    public static String problem(URI url) {
        if (url == null) {
            return "must be set";
        }
        if (!url.isAbsolute() || url.getHost() == null) {
            return "must be an absolute URL with a host, such as " + ClientSettings.DEFAULT_BASE_URL + ", was " + url;
        }
        if (url.getRawUserInfo() != null) {
            return "must not contain user information (the access key has its own setting)";
        }
        if (url.getRawQuery() != null || url.getRawFragment() != null) {
            return "must not have a query or fragment, was " + url;
        }
        String scheme = url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            return "must use https, was " + url;
        }
        if (!scheme.equals("https") && !LoopbackHosts.isLoopback(url.getHost())) {
            return "must use https: plain http is only allowed to a loopback host (localhost, 127.0.0.0/8, ::1)"
                    + " because the access key is sent with every request, was " + url;
        }
        return null;
    }

    /** {@code url} without trailing slashes, so that endpoint paths can be appended. */
    public static URI withoutTrailingSlash(URI url) {
        String text = url.toString();
        while (text.endsWith("/")) {
            text = text.substring(0, text.length() - 1);
        }
        return URI.create(text);
    }
}
