package io.complianceconnect.groups.simulator;

import static io.complianceconnect.groups.simulator.AdminRequestBody.integer;
import static io.complianceconnect.groups.simulator.AdminRequestBody.text;

import com.fasterxml.jackson.databind.JsonNode;
import io.complianceconnect.groups.simulator.AdminRequestBody.BadRequest;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;

/**
 * A fault to inject, read from {@code POST /_sim/faults}:
 * {@code {"endpoint":"LIST_MEMBERS","kind":"status","status":503,"error_type":"overloaded_error",
 * "headers":{"x-should-retry":"false"},"times":2}}; other kinds: {@code rate_limited}
 * ({@code retry_after_seconds}), {@code latency} ({@code delay_ms}), {@code truncated_body},
 * {@code connection_reset}, {@code has_more_without_token}, {@code repeated_token},
 * {@code expired_token}, {@code extra_fields}, {@code null_timestamps_and_roles}. Without
 * {@code times} the fault stays until {@code DELETE /_sim/faults}.
 *
 * @param times how many requests it applies to, or null for every request until cleared
 */
record FaultRequest(Endpoint endpoint, Fault fault, Integer times) {

    static FaultRequest parse(JsonNode in) {
        Endpoint endpoint;
        try {
            endpoint = Endpoint.valueOf(text(in, "endpoint", true).toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new BadRequest("endpoint must be one of " + Arrays.toString(Endpoint.values()));
        }
        Fault fault = switch (text(in, "kind", true)) {
            case "status" -> Fault.status(integer(in, "status"), text(in, "error_type", true));
            case "rate_limited" -> Fault.rateLimited(in.hasNonNull("retry_after_seconds") ? integer(in, "retry_after_seconds") : null);
            case "latency" -> Fault.latency(Duration.ofMillis(integer(in, "delay_ms")));
            case "truncated_body" -> Fault.truncatedBody();
            case "connection_reset" -> Fault.connectionReset();
            case "has_more_without_token" -> Fault.hasMoreWithoutToken();
            case "repeated_token" -> Fault.repeatedToken();
            case "expired_token" -> Fault.expiredToken();
            case "extra_fields" -> Fault.extraFields();
            case "null_timestamps_and_roles" -> Fault.nullTimestampsAndRoles();
            default -> throw new BadRequest("unknown fault kind");
        };
        JsonNode headers = in.path("headers");
        for (var it = headers.fields(); it.hasNext(); ) {
            var header = it.next();
            fault = fault.withHeader(header.getKey(), header.getValue().asText());
        }
        return new FaultRequest(endpoint, fault, in.hasNonNull("times") ? integer(in, "times") : null);
    }

    /** The injector refuses a fault the endpoint cannot have (a page-token fault for the feed). */
    void injectInto(FaultInjector faults) {
        if (times == null) {
            faults.injectAlways(endpoint, fault);
        } else {
            faults.inject(endpoint, fault, times);
        }
    }
}
