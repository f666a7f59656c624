package io.complianceconnect.groups.simulator;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A response before it is sent: status, extra headers, JSON body and how to deliver it (whole, with
 * the body cut in half, or with the connection dropped mid-body).
 */
record SimResponse(int status, Map<String, String> headers, byte[] body, Delivery delivery) {

    enum Delivery { COMPLETE, TRUNCATED, CUT }

    SimResponse {
        headers = Map.copyOf(headers);
    }

    static SimResponse json(int status, byte[] body) {
        return new SimResponse(status, Map.of(), body, Delivery.COMPLETE);
    }

    SimResponse withHeader(String name, String value) {
        return withHeaders(Map.of(name, value));
    }

    /** Adds headers; a name already present takes the new value. */
    SimResponse withHeaders(Map<String, String> more) {
        if (more.isEmpty()) {
            return this;
        }
        Map<String, String> merged = new LinkedHashMap<>(headers);
        merged.putAll(more);
        return new SimResponse(status, merged, body, delivery);
    }

    SimResponse deliveredAs(Delivery newDelivery) {
        return new SimResponse(status, headers, body, newDelivery);
    }
}
