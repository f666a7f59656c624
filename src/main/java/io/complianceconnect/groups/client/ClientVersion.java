package io.complianceconnect.groups.client;

/** The version of this library as recorded in the jar manifest, for the User-Agent header. */
final class ClientVersion {

    static final String PRODUCT = "kafka-connect-compliance-groups";

    private ClientVersion() {
    }

    static String version() {
        String version = ClientVersion.class.getPackage().getImplementationVersion();
        // Classes run from target/classes (tests, IDE) have no manifest.
        return version == null ? "dev" : version;
    }

    static String defaultUserAgent() {
        return PRODUCT + "/" + version();
    }
}
