package io.complianceconnect.groups.simulator;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Function;

/**
 * What an injected {@link Fault} does to an endpoint's answer: replaces it (a status, a 429, an
 * expired token), delays it, cuts or truncates its delivery, shapes its body, or rewrites its text;
 * then adds the fault's headers.
 */
final class FaultEffects {

    /** The serving thread was interrupted (by a latency fault's sleep) because the simulator is closing. */
    static final class Closing extends RuntimeException {
        Closing() {
            super(null, null, false, false);
        }
    }

    /** What {@link Fault#statusWithoutErrorBody} serves: a proxy's page, not the API's error shape. */
    private static final byte[] PROXY_PAGE = "<html><body><h1>Not Found</h1></body></html>"
            .getBytes(StandardCharsets.UTF_8);

    private FaultEffects() {
    }

    /**
     * The answer under {@code fault} (null: none). {@code serve} gives the endpoint's normal answer,
     * shaped by the fault kind it is passed, or unshaped for null.
     */
    static SimResponse apply(Fault fault, Function<Fault.Kind, SimResponse> serve) {
        if (fault == null) {
            return serve.apply(null);
        }
        SimResponse response = switch (fault.kind()) {
            case STATUS -> fault.errorType() == null
                    ? SimResponse.json(fault.status(), PROXY_PAGE).withHeader("content-type", "text/html")
                    : ErrorResponses.error(fault.status(), fault.errorType(), "Simulated " + fault.errorType() + ".");
            case RATE_LIMITED -> {
                SimResponse limited = ErrorResponses.error(429, "rate_limit_error", "Rate limit exceeded (simulated).");
                yield fault.retryAfterSeconds() == null ? limited
                        : limited.withHeader("retry-after", fault.retryAfterSeconds().toString());
            }
            case EXPIRED_TOKEN -> ErrorResponses.invalidRequest(ErrorResponses.EXPIRED_TOKEN_MESSAGE);
            case LATENCY -> {
                sleep(fault);
                yield serve.apply(null);
            }
            case TRUNCATED_BODY -> serve.apply(null).deliveredAs(SimResponse.Delivery.TRUNCATED);
            case CONNECTION_RESET -> serve.apply(null).deliveredAs(SimResponse.Delivery.CUT);
            case HAS_MORE_WITHOUT_TOKEN, REPEATED_TOKEN, EXTRA_FIELDS, NULL_TIMESTAMPS_AND_ROLES ->
                    serve.apply(fault.kind());
            case REWRITTEN_BODY -> rewritten(serve.apply(null), fault.rewrites());
        };
        return response.withHeaders(fault.headers());
    }

    private static SimResponse rewritten(SimResponse response, Map<String, String> rewrites) {
        String body = new String(response.body(), StandardCharsets.UTF_8);
        for (Map.Entry<String, String> rewrite : rewrites.entrySet()) {
            body = body.replace(rewrite.getKey(), rewrite.getValue());
        }
        return new SimResponse(response.status(), response.headers(), body.getBytes(StandardCharsets.UTF_8),
                response.delivery());
    }

    private static void sleep(Fault fault) {
        try {
            Thread.sleep(fault.delay().toMillis());
        } catch (InterruptedException e) {
            throw new Closing();
        }
    }
}
