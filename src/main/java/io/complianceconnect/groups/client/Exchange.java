package io.complianceconnect.groups.client;

/** One HTTP response, read completely. */
record Exchange(int status, ResponseHeaders headers, byte[] body) {

    String requestId() {
        return headers.requestId();
    }

    boolean isSuccess() {
        return status >= 200 && status < 300;
    }
}
