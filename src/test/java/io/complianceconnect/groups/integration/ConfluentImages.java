package io.complianceconnect.groups.integration;

/**
 * The Confluent Platform images of {@link ConfluentStackIT}, pinned here and nowhere else in the tests.
 * The release must carry the Apache Kafka we compile against: Confluent Platform 8.N ships Kafka 4.N
 * ({@link ConfluentImagesTest} checks this, and that the Docker demo stack pins the same release).
 */
final class ConfluentImages {

    /** Confluent Platform 8.1 = Apache Kafka 4.1. */
    static final String CONFLUENT_PLATFORM_VERSION = "8.1.0";

    static final String KAFKA = "confluentinc/cp-kafka:" + CONFLUENT_PLATFORM_VERSION;
    static final String SCHEMA_REGISTRY = "confluentinc/cp-schema-registry:" + CONFLUENT_PLATFORM_VERSION;
    static final String KAFKA_CONNECT = "confluentinc/cp-kafka-connect:" + CONFLUENT_PLATFORM_VERSION;

    private ConfluentImages() {
    }
}
