/**
 * A simulator of the Compliance API's three group endpoints, for tests, the demo and benchmarks
 * (test scope: the product does not ship it). Start one with {@link
 * io.complianceconnect.groups.simulator.ComplianceApiSimulator#builder()}, or as a process with
 * {@code bin/simulator} ({@link io.complianceconnect.groups.simulator.SimulatorMain}).
 *
 * <p>Choices where the API documentation leaves room, so that tests can rely on them:
 * <ul>
 *   <li>Checks run in this order: unknown path 404, method 405, key 401, {@code anthropic-version}
 *       400, rate limit 429, scope 403, injected fault, then the endpoint (limit 400, page token
 *       400, unknown group 404). Requests refused for their key do not spend the rate budget.</li>
 *   <li>Rate limiting is a fixed window per minute of the simulator's clock, shared by all keys;
 *       {@code anthropic-ratelimit-requests-reset} is the next full minute and {@code retry-after}
 *       the whole seconds until then, rounded up. Without a limit (the default) the rate-limit
 *       headers are not sent.</li>
 *   <li>Page tokens are AES-GCM sealed (offset, expiry, listing), keyed from the seed; a token is
 *       bound to its endpoint and its group id or {@code name_prefix}, but not to {@code limit}.
 *       The offset counts positions in the current list, so a deletion before it shifts the next
 *       page. An empty {@code page=} counts as no token.</li>
 *   <li>{@code name_prefix} is a case-sensitive prefix match on the group name.</li>
 *   <li>The admin API under {@code /_sim/} needs no key: the simulator binds 127.0.0.1 only. It is
 *       not in the request log.</li>
 *   <li>{@code start()} sets {@code sun.net.httpserver.nodelay=true} (unless already set) before
 *       the first JDK server starts: without it every keep-alive request costs about 40 ms.</li>
 * </ul>
 */
package io.complianceconnect.groups.simulator;
