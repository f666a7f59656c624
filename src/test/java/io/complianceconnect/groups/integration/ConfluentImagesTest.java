package io.complianceconnect.groups.integration;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The Confluent images the end-to-end test runs match the Kafka we compile against, and the Docker demo
 * stack uses the same release. Runs without Docker.
 */
class ConfluentImagesTest {

    private static final Pattern CP_TAG = Pattern.compile("confluentinc/cp-[a-z-]+:([0-9.]+)");
    private static final Pattern CP_VERSION_ARG = Pattern.compile("ARG CP_VERSION=([0-9.]+)");

    @Test
    void confluentPlatformReleaseCarriesTheKafkaWeCompileAgainst() {
        // Kafka on the test class path is the kafka.version of the pom (connect-api is provided at that version).
        String[] kafka = WorkerVersion.get().split("\\.");
        String[] platform = ConfluentImages.CONFLUENT_PLATFORM_VERSION.split("\\.");

        // Confluent Platform 7.N shipped Kafka 3.N, and 8.N ships Kafka 4.N.
        assertThat(Integer.parseInt(platform[0]) - 4).as("Kafka major version of CP %s",
                ConfluentImages.CONFLUENT_PLATFORM_VERSION).isEqualTo(Integer.parseInt(kafka[0]));
        assertThat(platform[1]).as("Kafka minor version of CP %s", ConfluentImages.CONFLUENT_PLATFORM_VERSION)
                .isEqualTo(kafka[1]);
    }

    @Test
    void imagesUseThePinnedRelease() {
        for (String image : List.of(ConfluentImages.KAFKA, ConfluentImages.SCHEMA_REGISTRY, ConfluentImages.KAFKA_CONNECT)) {
            Matcher m = CP_TAG.matcher(image);
            assertThat(m.matches()).as(image).isTrue();
            assertThat(m.group(1)).as(image).isEqualTo(ConfluentImages.CONFLUENT_PLATFORM_VERSION);
        }
    }

    @Test
    void theDockerDemoStackPinsTheSameRelease() throws IOException {
        String compose = Files.readString(Path.of("docker/docker-compose.yml"));
        Matcher tags = CP_TAG.matcher(compose);
        int found = 0;
        while (tags.find()) {
            assertThat(tags.group(1)).as("docker/docker-compose.yml: %s", tags.group())
                    .isEqualTo(ConfluentImages.CONFLUENT_PLATFORM_VERSION);
            found++;
        }
        assertThat(found).as("cp-* images in docker/docker-compose.yml").isPositive();

        Matcher arg = CP_VERSION_ARG.matcher(Files.readString(Path.of("docker/Dockerfile")));
        assertThat(arg.find()).as("ARG CP_VERSION in docker/Dockerfile").isTrue();
        assertThat(arg.group(1)).isEqualTo(ConfluentImages.CONFLUENT_PLATFORM_VERSION);
    }
}
