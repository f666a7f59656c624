package io.complianceconnect.groups.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The archive against Confluent's component archive format, as the Marketplace and `confluent connect plugin
 * install` read it: one component directory holding manifest.json, lib/, assets/, doc/ and etc/; the logos the
 * manifest names under assets/; and for every bundled third-party jar its own license in doc/licenses/ and, where
 * the jar ships one, its notice in doc/notices/. Also the SHA-512 file `mvn package` writes beside the zip.
 */
class ComponentArchiveFormatIT extends ArchiveTests {


    @Test
    void componentDirectoryHoldsTheManifestAndTheFormatsDirectoriesOnly() {
        assertThat(archive.namesUnder(""))
                .as("one top-level component directory").containsExactly(archive.base);
        assertThat(archive.namesUnder(archive.base))
                .containsExactlyInAnyOrder("manifest.json", "lib/", "assets/", "doc/", "etc/");
        assertThat(archive.namesUnder(archive.base + "lib/")).isNotEmpty().allMatch(name -> name.endsWith(".jar"));
    }

    @Test
    void manifestLogosArePngImagesUnderAssets() throws IOException {
        JsonNode manifest = new ObjectMapper().readTree(archive.read(archive.base + "manifest.json"));

        for (JsonNode logo : List.of(manifest.path("logo"), manifest.path("owner").path("logo"))) {
            assertThat(logo.asText()).as("a logo path in the manifest").startsWith("assets/");
            byte[] image = archive.bytes(archive.base + logo.asText());
            byte[] pngSignature = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
            assertThat(Arrays.copyOf(image, 8)).as("%s is a PNG", logo.asText()).isEqualTo(pngSignature);
        }
    }

    @Test
    void everyBundledThirdPartyJarHasItsLicenseAndItsNoticeWhereItShipsOne() throws IOException {
        List<String> thirdParty = thirdPartyJars();
        assertThat(thirdParty).as("Jackson, at least").isNotEmpty();
        for (String jar : thirdParty) {
            String name = jar.substring(0, jar.length() - ".jar".length());
            Map<String, byte[]> contents = archive.readJar(archive.base + "lib/" + jar);

            byte[] license = legalFile(contents, "META-INF/LICENSE");
            assertThat(license).as("%s ships no META-INF/LICENSE: the Marketplace needs each jar's license in "
                    + "doc/licenses/; add it by hand to the assembly, or replace the jar", jar).isNotNull();
            assertThat(archive.bytes(archive.base + "doc/licenses/LICENSE-" + name + ".txt")).isEqualTo(license);

            byte[] notice = legalFile(contents, "META-INF/NOTICE");
            String noticeEntry = archive.base + "doc/notices/NOTICE-" + name + ".txt";
            if (notice != null) {
                assertThat(archive.bytes(noticeEntry)).as(noticeEntry).isEqualTo(notice);
            } else {
                assertThat(archive.has(noticeEntry)).as("%s ships no NOTICE, so none is listed", jar).isFalse();
            }
        }
    }

    @Test
    void docLicensesAndNoticesNameOnlyJarsTheArchiveBundles() {
        List<String> names = thirdPartyJars().stream().map(jar -> jar.substring(0, jar.length() - 4)).toList();
        List<String> orphans = new ArrayList<>();
        for (String file : archive.filesUnder(archive.base + "doc/licenses/")) {
            if (!names.contains(file.replaceFirst("^LICENSE-", "").replaceFirst("\\.txt$", ""))) {
                orphans.add(file);
            }
        }
        for (String file : archive.filesUnder(archive.base + "doc/notices/")) {
            if (!names.contains(file.replaceFirst("^NOTICE-", "").replaceFirst("\\.txt$", ""))) {
                orphans.add(file);
            }
        }
        assertThat(orphans).isEmpty();
    }

    @Test
    void sha512FileBesideTheArchiveIsInSha512sumFormatAndMatches() throws IOException, NoSuchAlgorithmException {
        Path checksumFile = archive.path.resolveSibling(archive.path.getFileName() + ".sha512");
        assertThat(checksumFile).as("mvn package writes it").exists();

        String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-512").digest(Files.readAllBytes(archive.path)));
        // sha512sum's text-mode line: the digest, two spaces, the file name (`sha512sum -c` reads it back).
        assertThat(Files.readString(checksumFile).strip()).isEqualTo(expected + "  " + archive.path.getFileName());
    }

    private static List<String> thirdPartyJars() {
        String ours = "kafka-connect-compliance-groups-" + archive.version + ".jar";
        return archive.filesUnder(archive.base + "lib/").stream().filter(jar -> !jar.equals(ours)).toList();
    }

    /** META-INF/LICENSE or META-INF/LICENSE.txt (and so on) of a jar, or null. */
    private static byte[] legalFile(Map<String, byte[]> jar, String prefix) {
        return jar.entrySet().stream()
                .filter(entry -> entry.getKey().startsWith(prefix) && !entry.getKey().endsWith("/"))
                .map(Map.Entry::getValue).findFirst().orElse(null);
    }
}
