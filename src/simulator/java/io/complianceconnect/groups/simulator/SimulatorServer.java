package io.complianceconnect.groups.simulator;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;

/**
 * The JDK's HTTP (or HTTPS) server on 127.0.0.1 with its pool of serving threads: the API under
 * {@code /}, the admin API under {@code /_sim/}.
 */
final class SimulatorServer {

    private final HttpServer server;
    private final ExecutorService executor;
    private final URI baseUrl;

    private SimulatorServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
        String scheme = server instanceof HttpsServer ? "https" : "http";
        this.baseUrl = URI.create(scheme + "://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Binds 127.0.0.1:{@code port} (0: any free port), plain HTTP when {@code tls} is null, and starts serving. */
    static SimulatorServer start(int port, SSLContext tls, int threads, HttpHandler api, HttpHandler admin) {
        // Without TCP_NODELAY the JDK server's separate head and body writes meet the client's
        // delayed ACK: about 40 ms per keep-alive request. Read once, when the server class loads.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
        HttpServer server;
        try {
            InetSocketAddress address = new InetSocketAddress(loopback(), port);
            if (tls == null) {
                server = HttpServer.create(address, 128);
            } else {
                HttpsServer https = HttpsServer.create(address, 128);
                https.setHttpsConfigurator(new HttpsConfigurator(tls));
                server = https;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot bind 127.0.0.1:" + port, e);
        }
        ThreadPoolExecutor executor = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), new ServingThreads());
        executor.allowCoreThreadTimeOut(true);
        server.setExecutor(executor);
        server.createContext("/", api);
        server.createContext("/_sim/", admin);
        server.start();
        return new SimulatorServer(server, executor);
    }

    URI baseUrl() {
        return baseUrl;
    }

    int port() {
        return server.getAddress().getPort();
    }

    /**
     * Stops listening, drops open connections and interrupts requests in progress. Returns in about a
     * second at most: the JDK server's dispatcher notices the stop on its next select, which waits up
     * to one second.
     */
    void stop() {
        server.stop(0);
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static InetAddress loopback() {
        try {
            return InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
        } catch (UnknownHostException e) {
            throw new IllegalStateException("a literal address needs no lookup", e);
        }
    }

    /** Daemon threads, so a simulator someone forgot to close does not keep a JVM alive. */
    private static final class ServingThreads implements ThreadFactory {
        private static final AtomicInteger SERVERS = new AtomicInteger();
        private final int server = SERVERS.incrementAndGet();
        private final AtomicInteger count = new AtomicInteger();

        @Override
        public Thread newThread(Runnable task) {
            Thread thread = new Thread(task, "compliance-sim-" + server + "-http-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        }
    }
}
