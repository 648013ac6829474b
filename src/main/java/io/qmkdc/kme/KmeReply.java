package io.qmkdc.kme;

/**
 * Outcome of a KME call: the standard's body with status 200, or a refusal with the HTTP status and an Error body
 * (400 malformed request, 401 caller not entitled, 503 the QKD pools cannot serve it).
 */
public sealed interface KmeReply<T> {
    record Served<T>(T body) implements KmeReply<T> {
    }

    record Refused<T>(int status, Etsi014.Error error) implements KmeReply<T> {
    }

    static <T> KmeReply<T> badRequest(String message, String... details) {
        return new Refused<>(400, Etsi014.Error.of(message, details));
    }

    static <T> KmeReply<T> unauthorized(String message, String... details) {
        return new Refused<>(401, Etsi014.Error.of(message, details));
    }

    static <T> KmeReply<T> unavailable(String message, String... details) {
        return new Refused<>(503, Etsi014.Error.of(message, details));
    }
}
