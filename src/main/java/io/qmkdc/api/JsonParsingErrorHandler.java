package io.qmkdc.api;

import akka.event.LoggingAdapter;
import akka.http.javadsl.model.ContentTypes;
import akka.http.javadsl.model.HttpResponse;
import akka.http.scaladsl.model.ErrorInfo;
import akka.http.scaladsl.model.StatusCode;
import akka.http.scaladsl.settings.ServerSettings;
import java.util.Map;

/**
 * Answers requests Akka HTTP's parser refuses before any route sees them (a URI longer than
 * {@code max-uri-length}: 414, too many or too long headers: 431, a body over {@code max-content-length}: 413, a
 * malformed request line or header: 400) with the API's JSON error body, naming the part of the request at fault.
 * An unknown method (the parser's 501) becomes 405 and an unknown HTTP version (505) 400: the client is at fault,
 * and the API promises no 5xx for bad input. Installed by {@link ApiServer#start} through
 * {@code ServerSettings.withParsingErrorHandler} (Akka creates it by its public no-argument constructor).
 */
public final class JsonParsingErrorHandler extends akka.http.ParsingErrorHandler {

    @Override
    public HttpResponse handle(StatusCode status, ErrorInfo info, LoggingAdapter log, ServerSettings settings) {
        int code = status.intValue();
        String summary = clip(info.summary().isEmpty() ? status.reason() : info.summary());
        String field = code == 501 && !summary.toLowerCase(java.util.Locale.ROOT).contains("method") ? "request"
                : field(code);
        int answer = code == 501 && field.equals("method") ? 405 : code >= 500 ? 400 : code;
        log.debug("refused a request the HTTP parser could not read: {} {}", code, summary);
        return HttpResponse.create().withStatus(answer)
                .withEntity(ContentTypes.APPLICATION_JSON, ApiServer.bytes(Map.of("message", field + ": " + summary)));
    }

    /** The part of a request a refusal with this status is about, as its {@code message} names it. */
    static String field(int status) {
        return switch (status) {
            case 405, 501 -> "method";
            case 406 -> "Accept";
            case 413 -> "body";
            case 414 -> "uri";
            case 415 -> "Content-Type";
            case 431 -> "headers";
            case 505 -> "version";
            default -> "request";
        };
    }

    /** Summaries can quote the request; at most 120 characters of it. */
    private static String clip(String s) {
        return s.length() <= 120 ? s : s.substring(0, 120) + "…";
    }
}
