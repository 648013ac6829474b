package io.qmkdc.api;

import akka.actor.typed.ActorSystem;
import akka.http.javadsl.ServerBinding;
import akka.http.javadsl.model.ContentTypes;
import akka.http.javadsl.model.HttpEntity;
import akka.http.javadsl.model.HttpResponse;
import akka.http.javadsl.model.StatusCodes;
import static akka.http.javadsl.server.PathMatchers.segment;

import akka.http.javadsl.server.AllDirectives;
import akka.http.javadsl.server.ExceptionHandler;
import akka.http.javadsl.server.RejectionHandler;
import akka.http.javadsl.server.Route;
import akka.http.javadsl.unmarshalling.Unmarshaller;
import akka.http.scaladsl.model.EntityStreamSizeException;
import akka.util.ByteString;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.InetSocketAddress;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import javax.net.ssl.SSLContext;

/**
 * The control API (Akka HTTP, JSON): {@code GET /status}, {@code GET|POST /attacks}, {@code DELETE /attacks/{id}},
 * {@code POST /scenarios}, {@code GET /scenarios/{id}}; the web console ({@link ConsoleRoutes}: {@code GET /}, {@code GET
 * /events}). Every refusal is {@code {"message": …}} naming the field:
 * 400 bad input (also a body nested deeper than {@link io.qmkdc.scenario.Nesting#MAX_DEPTH} levels, scanned before
 * any parser runs, and a body that is not UTF-8), 404 unknown id or path, 405 wrong method, 413 body too large, 414
 * URI too long, 415 compressed or multipart body, 431 headers too large — the parser's own refusals too
 * ({@link JsonParsingErrorHandler}). Whatever a request's handling throws answers that request; bad input never gets
 * a 5xx. Bound to 127.0.0.1 by default. Over HTTPS (a node with --pki, serve --pki) only clients with an operator
 * certificate of the cluster CA get through the TLS handshake; over plain HTTP it has no authentication.
 */
public final class ApiServer extends AllDirectives {
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 8558;
    /** Attack requests are a few fields. */
    static final long MAX_ATTACK_BYTES = 4 * 1024;
    /** Scenario files are HOCON of a few KiB; 1000 groups fit in this. */
    static final long MAX_SCENARIO_BYTES = 1024 * 1024;

    static final ObjectMapper JSON = new ObjectMapper().setSerializationInclusion(JsonInclude.Include.NON_NULL);

    private final ControlPlane plane;
    /** {@code /status} says {@code "insecure": true} (a node started with --insecure). */
    private final boolean insecure;

    public ApiServer(ControlPlane plane) {
        this(plane, false);
    }

    public ApiServer(ControlPlane plane, boolean insecure) {
        this.plane = plane;
        this.insecure = insecure;
    }

    /** Binds the API on {@code host:port} (0 = ephemeral) in {@code system}; waits at most 10 s for the bind. */
    public static ServerBinding start(ActorSystem<?> system, ControlPlane plane, String host, int port) {
        return start(system, new ApiServer(plane), host, port, null);
    }

    /**
     * As {@link #start(ActorSystem, ControlPlane, String, int)}; with {@code https} (a server context, see
     * {@link io.qmkdc.pki.TlsContexts#server}) over TLS 1.2 (see {@link io.qmkdc.pki.TlsContexts#HTTPS_PROTOCOL}), and a client certificate is required: a client without
     * one the context trusts gets no HTTP at all (the handshake fails).
     */
    public static ServerBinding start(ActorSystem<?> system, ApiServer api, String host, int port, SSLContext https) {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("host must be a host name or address, e.g. 127.0.0.1");
        }
        return HttpBinding.bind(system, api.route(), host, port, https,
                settings -> settings.withParsingErrorHandler(JsonParsingErrorHandler.class.getName()), "control API");
    }

    /** The bound address of {@code binding}. */
    public static InetSocketAddress address(ServerBinding binding) {
        return binding.localAddress();
    }

    public Route route() {
        return withRequestTimeoutResponse(ApiServer::timedOut, () -> routes());
    }

    /** Akka's request-timeout answer (503 by default, plain text) as the JSON error body. */
    private static HttpResponse timedOut(akka.http.javadsl.model.HttpRequest request) {
        return HttpResponse.create().withStatus(StatusCodes.SERVICE_UNAVAILABLE).withEntity(ContentTypes.APPLICATION_JSON,
                bytes(Map.of("message", "request: no answer within the server's request timeout; try again")));
    }

    private Route routes() {
        ConsoleRoutes console = new ConsoleRoutes(plane);
        return handleExceptions(exceptions(), () -> handleRejections(rejections(), () -> console.sameOrigin(() -> concat(
                console.route(),
                path("status", () -> get(() -> onComplete(plane.status(), r -> insecure && r.isSuccess()
                        ? json(200, withInsecure(r.get())) : reply(r, 200)))),
                pathPrefix("attacks", () -> concat(
                        pathEndOrSingleSlash(() -> concat(
                                get(() -> onComplete(plane.attacks().thenApply(a -> Map.of("attacks", a)), r -> reply(r, 200))),
                                post(() -> body(MAX_ATTACK_BYTES, text -> onComplete(plane.targets().thenCompose(t ->
                                        plane.attach(AttackRequest.parse(text, t.links(), t.members()))),
                                        r -> reply(r, 201)))))),
                        path(segment(), id -> delete(() -> {
                            AttackRequest.checkId("id", id);
                            return onComplete(plane.detach(id), r -> {
                                if (r.isSuccess() && !r.get()) {
                                    return json(404, Map.of("message", "id: no attack '" + id + "' is attached"));
                                }
                                return r.isSuccess() ? complete(StatusCodes.NO_CONTENT) : failure(r.failed().get());
                            });
                        })))),
                pathPrefix("scenarios", () -> concat(
                        pathEndOrSingleSlash(() -> post(() -> body(MAX_SCENARIO_BYTES,
                                text -> json(202, plane.runScenario(text))))),
                        path(segment(), id -> get(() -> {
                            AttackRequest.checkId("id", id);
                            return plane.scenario(id).map(run -> json(200, run))
                                    .orElseGet(() -> json(404, Map.of("message", "id: no scenario run '" + id + "'")));
                        }))))))));
    }

    private static Object withInsecure(Object status) {
        com.fasterxml.jackson.databind.node.ObjectNode tree = JSON.valueToTree(status);
        return tree.put("insecure", true);
    }

    /**
     * The request body as text: at most {@code maxBytes} (413 beyond), neither compressed nor multipart (415), valid
     * UTF-8 (400). {@code inner} runs inside this request's error handling: whatever it throws — even an
     * {@link Error} a parser might raise — becomes this request's answer and never reaches the actor system.
     */
    private Route body(long maxBytes, Function<String, Route> inner) {
        return extractRequest(request -> {
            String encoding = request.getHeader("Content-Encoding").map(h -> h.value().trim()).orElse("identity");
            if (!encoding.equalsIgnoreCase("identity")) {
                return json(415, Map.of("message", "Content-Encoding: '" + AttackRequest.clip(encoding)
                        + "' is not accepted (send the body uncompressed)"));
            }
            if (request.entity().getContentType().mediaType().isMultipart()) {
                return json(415, Map.of("message", "Content-Type: multipart bodies are not accepted (send "
                        + "application/json or text)"));
            }
            return withSizeLimit(maxBytes, () -> entity(Unmarshaller.entityToByteString(), data -> {
                try {
                    return inner.apply(utf8(data));
                } catch (RuntimeException | StackOverflowError e) {
                    return failure(e);
                }
            }));
        });
    }

    private static String utf8(ByteString data) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(data.asByteBuffer()).toString();
        } catch (CharacterCodingException e) {
            throw ApiError.badRequest("body", "not valid UTF-8");
        }
    }

    private <T> Route reply(scala.util.Try<T> r, int status) {
        return r.isSuccess() ? json(status, r.get()) : failure(r.failed().get());
    }

    private Route failure(Throwable t) {
        Throwable cause = t;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof ApiError e) {
            return json(e.status(), e.problems().isEmpty() ? Map.of("message", e.getMessage())
                    : Map.of("message", e.getMessage(), "problems", e.problems()));
        }
        if (cause instanceof EntityStreamSizeException) {
            return json(413, Map.of("message", "body: too large"));
        }
        if (cause instanceof StackOverflowError) {
            return json(400, Map.of("message", "body: too deeply nested"));
        }
        return json(500, Map.of("message", "internal error: " + cause.getClass().getSimpleName()
                + (cause.getMessage() == null ? "" : ": " + cause.getMessage())));
    }

    private ExceptionHandler exceptions() {
        return ExceptionHandler.newBuilder().matchAny(this::failure).build();
    }

    private RejectionHandler rejections() {
        return RejectionHandler.newBuilder()
                .handleNotFound(json(404, Map.of("message", "path: no such resource (try /status, /attacks, /scenarios)")))
                .build()
                .withFallback(RejectionHandler.defaultHandler())
                .mapRejectionResponse(ApiServer::asJson);
    }

    /**
     * A refusal as the API's JSON error body: Akka's default texts ("HTTP method not allowed, supported methods:
     * GET") become {@code {"message": …}}; a refusal without text gets its status's reason.
     */
    static HttpResponse asJson(HttpResponse response) {
        int status = response.status().intValue();
        if (status < 400 || response.entity().getContentType().equals(ContentTypes.APPLICATION_JSON)) {
            return response;
        }
        String text = status == 413 ? "body: too large"
                : response.entity() instanceof HttpEntity.Strict strict && strict.getData().nonEmpty()
                        ? JsonParsingErrorHandler.field(status) + ": " + strict.getData().utf8String()
                        : JsonParsingErrorHandler.field(status) + ": " + response.status().reason();
        return response.withEntity(ContentTypes.APPLICATION_JSON, bytes(Map.of("message", text)));
    }

    private Route json(int status, Object value) {
        return complete(HttpResponse.create().withStatus(status).withEntity(ContentTypes.APPLICATION_JSON, bytes(value)));
    }

    static byte[] bytes(Object value) {
        try {
            return JSON.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON for " + value.getClass().getSimpleName(), e);
        }
    }
}
