package io.qmkdc.api;

import akka.NotUsed;
import akka.http.javadsl.marshalling.sse.EventStreamMarshalling;
import akka.http.javadsl.model.ContentTypes;
import akka.http.javadsl.model.HttpHeader;
import akka.http.javadsl.model.HttpRequest;
import akka.http.javadsl.model.StatusCodes;
import akka.http.javadsl.model.headers.RawHeader;
import akka.http.javadsl.model.sse.ServerSentEvent;
import akka.http.javadsl.server.AllDirectives;
import akka.http.javadsl.server.Route;
import akka.stream.javadsl.Source;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The web console on the control API's listener, so it is behind the same TLS and needs the same operator
 * certificate: {@code GET /} the page, {@code GET /console/*} its script, style and the uPlot WebJar, {@code GET
 * /events} the status as server-sent events, one {@code status} event a {@link #DEFAULT_EVERY second}. The page calls
 * the API's own routes to attach, detach and post scenarios. Its CSP allows nothing but this origin.
 */
public final class ConsoleRoutes extends AllDirectives {
    public static final Duration DEFAULT_EVERY = Duration.ofSeconds(1);
    static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
            + "img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
    private static final String UPLOT = "META-INF/resources/webjars/uplot/1.6.30/dist/";
    private static final List<HttpHeader> HEADERS = List.of(RawHeader.create("Content-Security-Policy", CSP),
            RawHeader.create("X-Content-Type-Options", "nosniff"), RawHeader.create("Referrer-Policy", "no-referrer"),
            RawHeader.create("Cache-Control", "no-store"));

    private final ControlPlane plane;
    private final Duration every;

    public ConsoleRoutes(ControlPlane plane) {
        this(plane, DEFAULT_EVERY);
    }

    public ConsoleRoutes(ControlPlane plane, Duration every) {
        this.plane = plane;
        this.every = every;
    }

    public Route route() {
        return respondWithHeaders(HEADERS, () -> get(() -> concat(
                pathSingleSlash(() -> getFromResource("console/index.html", ContentTypes.TEXT_HTML_UTF8)),
                pathPrefix("console", () -> concat(
                        path("console.js", () -> getFromResource("console/console.js")),
                        path("console.css", () -> getFromResource("console/console.css")),
                        path("uPlot.js", () -> getFromResource(UPLOT + "uPlot.iife.min.js")),
                        path("uPlot.css", () -> getFromResource(UPLOT + "uPlot.min.css")))),
                path("events", () -> completeOK(events(), EventStreamMarshalling.toEventStream())))));
    }

    /** The plane's status every {@code every}; a tick that finds the previous status still asked for is dropped. */
    Source<ServerSentEvent, NotUsed> events() {
        return Source.tick(Duration.ZERO, every, "tick")
                .mapAsync(1, t -> plane.status().handle((status, error) -> error == null
                        ? ServerSentEvent.create(new String(ApiServer.bytes(status), java.nio.charset.StandardCharsets.UTF_8), "status")
                        : ServerSentEvent.create(new String(ApiServer.bytes(Map.of("message", "status: "
                                + String.valueOf(error.getMessage()))), java.nio.charset.StandardCharsets.UTF_8), "problem")))
                .keepAlive(Duration.ofSeconds(15), ServerSentEvent::heartbeat)
                .mapMaterializedValue(c -> NotUsed.getInstance());
    }

    /**
     * A browser holding the operator certificate would present it to any site's request too: a request that changes
     * the system and carries an {@code Origin} (every browser's cross-site POST/DELETE does) must come from this
     * origin (403 otherwise). Tools without an Origin header (curl, the CLI) are unaffected.
     */
    public Route sameOrigin(Supplier<Route> inner) {
        return extractRequest(request -> crossSite(request)
                ? complete(akka.http.javadsl.model.HttpResponse.create().withStatus(StatusCodes.FORBIDDEN)
                        .withEntity(ContentTypes.APPLICATION_JSON, ApiServer.bytes(Map.of("message",
                                "Origin: a request from another site may not change the system"))))
                : inner.get());
    }

    static boolean crossSite(HttpRequest request) {
        String method = request.method().name();
        if (method.equals("GET") || method.equals("HEAD") || method.equals("OPTIONS")) {
            return false;
        }
        return request.getHeader("Origin").map(o -> {
            String host = request.getHeader("Host").map(HttpHeader::value).orElse("");
            String origin = o.value().trim();
            return !(origin.equals("http://" + host) || origin.equals("https://" + host));
        }).orElse(false);
    }
}
