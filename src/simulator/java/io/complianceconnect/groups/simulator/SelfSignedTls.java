package io.complianceconnect.groups.simulator;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A throwaway key pair and self-signed certificate for the simulator's HTTPS ({@link
 * ComplianceApiSimulator.Builder#tls}), made with the JDK's {@code keytool}, plus a trust store holding
 * only that certificate for the client side (a JVM given {@code -Djavax.net.ssl.trustStore=}). The
 * certificate names {@code localhost}, {@code 127.0.0.1} and the host names given, valid for two days.
 */
public final class SelfSignedTls {

    private static final String ALIAS = "compliance-simulator";

    private final Path keyStore;
    private final Path trustStore;
    private final char[] password;

    private SelfSignedTls(Path keyStore, Path trustStore, char[] password) {
        this.keyStore = keyStore;
        this.trustStore = trustStore;
        this.password = password;
    }

    /**
     * Writes {@code simulator-key.p12} and {@code simulator-trust.p12} (PKCS12) into {@code dir}, replacing
     * any from an earlier run.
     */
    public static SelfSignedTls create(Path dir, List<String> hostNames) {
        try {
            Files.createDirectories(dir);
            Path keyStore = dir.resolve("simulator-key.p12");
            Path trustStore = dir.resolve("simulator-trust.p12");
            Path certificate = dir.resolve("simulator.crt");
            for (Path file : List.of(keyStore, trustStore, certificate)) {
                Files.deleteIfExists(file);
            }
            String password = UUID.randomUUID().toString();
            StringBuilder san = new StringBuilder("SAN=dns:localhost,ip:127.0.0.1");
            hostNames.forEach(name -> san.append(",dns:").append(name));
            keytool("-genkeypair", "-alias", ALIAS, "-keyalg", "EC", "-groupname", "secp256r1",
                    "-dname", "CN=Compliance API simulator", "-ext", san.toString(), "-validity", "2",
                    "-storetype", "PKCS12", "-keystore", keyStore.toString(), "-storepass", password);
            keytool("-exportcert", "-rfc", "-alias", ALIAS, "-keystore", keyStore.toString(),
                    "-storepass", password, "-file", certificate.toString());
            keytool("-importcert", "-noprompt", "-alias", ALIAS, "-file", certificate.toString(),
                    "-storetype", "PKCS12", "-keystore", trustStore.toString(), "-storepass", password);
            return new SelfSignedTls(keyStore, trustStore, password.toCharArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** For {@link ComplianceApiSimulator.Builder#tls}: presents the certificate. */
    public SSLContext serverContext() {
        try {
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(load(keyStore), password);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot use the generated key store " + keyStore, e);
        }
    }

    /** For a client in this JVM: trusts the certificate and nothing else. */
    public SSLContext clientContext() {
        try {
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(load(trustStore));
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot use the generated trust store " + trustStore, e);
        }
    }

    /** The PKCS12 trust store with the certificate, for {@code javax.net.ssl.trustStore}. */
    public Path trustStore() {
        return trustStore;
    }

    /** The password of both stores (random per run; they protect nothing of value). */
    public String password() {
        return new String(password);
    }

    private KeyStore load(Path file) throws GeneralSecurityException {
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, password);
            return store;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void keytool(String... args) throws IOException {
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        List<String> command = new ArrayList<>();
        command.add(keytool.toString());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IOException("keytool " + args[0] + " failed: " + output.strip());
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running keytool", e);
        }
    }
}
