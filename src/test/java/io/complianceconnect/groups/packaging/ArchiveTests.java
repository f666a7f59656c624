package io.complianceconnect.groups.packaging;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.io.IOException;

/** The packaging ITs' one fixture: the plugin archive `mvn package` built, opened once per class. */
abstract class ArchiveTests {

    static PluginArchive archive;

    @BeforeAll
    static void openArchive() throws IOException {
        archive = PluginArchive.open();
    }

    @AfterAll
    static void closeArchive() throws IOException {
        archive.close();
    }
}
