package io.qmkdc.api;

import static akka.http.javadsl.server.PathMatchers.segment;

import akka.actor.typed.ActorSystem;
import akka.http.javadsl.ServerBinding;
import akka.http.javadsl.model.ContentTypes;
import akka.http.javadsl.model.HttpEntity;
import akka.http.javadsl.model.HttpResponse;
import akka.http.javadsl.server.AllDirectives;
import akka.http.javadsl.server.ExceptionHandler;
import akka.http.javadsl.server.RejectionHandler;
import akka.http.javadsl.server.Route;
import akka.http.javadsl.unmarshalling.Unmarshaller;
import akka.http.scaladsl.model.EntityStreamSizeException;
import io.qmkdc.kme.Etsi014;
import io.qmkdc.kme.KeyStore;
import io.qmkdc.kme.KmeReply;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import javax.net.ssl.SSLContext;

/**
 * The ETSI GS QKD 014 V1.1.1 key delivery API (§5) under {@code /api/v1/keys}: {@code GET /{slave}/status},
 * {@code POST|GET /{slave}/enc_keys}, {@code POST|GET /{master}/dec_keys}. The caller is the SAE its
 * {@link SaeIdentity} names (the client certificate's CN over TLS). Every refusal is the standard's Error body:
 * 400 malformed, 401 no or foreign identity or not a recipient, 404 no such path, 405 method, 413 body over
 * {@link #MAX_BODY_BYTES}, 415 not JSON, 503 pools short.
 */
public final class KeyDeliveryServer extends AllDirectives {
    /** A Key request with 16 additional SAEs or 128 key IDs is under 8 KiB. */
    public static final long MAX_BODY_BYTES = 16 * 1024;

    private final KeyStore store;
    private final SaeIdentity identity;

    public KeyDeliveryServer(KeyStore store, SaeIdentity identity) {
        this.store = store;
        this.identity = identity;
    }

    /**
     * Binds on {@code host:port} (0 = ephemeral); over HTTPS with {@code https} (TLS 1.2, client certificate
     * required, the Tls-Session-Info header on so {@link SaeIdentity#fromClientCertificate()} sees it), plain HTTP
     * when null (tests with their own identity source only).
     */
    public static ServerBinding start(ActorSystem<?> system, KeyDeliveryServer api, String host, int port, SSLContext https) {
        // the Tls-Session-Info header carries the client certificate to SaeIdentity
        return HttpBinding.bind(system, api.route(), host, port, https,
                settings -> settings.withParserSettings(settings.getParserSettings().withIncludeTlsSessionInfoHeader(true)),
                "key delivery API");
    }

    public Route route() {
        return handleExceptions(exceptions(), () -> handleRejections(rejections(), () ->
                pathPrefix("api", () -> pathPrefix("v1", () -> pathPrefix("keys", () -> pathPrefix(segment(), sae -> concat(
                        path("status", () -> get(() -> caller(me -> reply(store.status(me, sae))))),
                        path("enc_keys", () -> encKeys(sae)),
                        path("dec_keys", () -> decKeys(sae)))))))));
    }

    /** {@code /{slave}/enc_keys}: GET with number and size, POST with a Key request. */
    private Route encKeys(String slave) {
        return concat(
                get(() -> caller(me -> parameterOptional("number", n -> parameterOptional("size", s ->
                        reply(KeyDeliveryJson.intParam("number", n).flatMap(number ->
                                KeyDeliveryJson.intParam("size", s).map(size -> store.encKeys(me, slave,
                                        Etsi014.KeyRequest.of(number.orElse(null), size.orElse(null)))))))))),
                post(() -> caller(me -> json(Etsi014.KeyRequest.class, r -> reply(store.encKeys(me, slave, r))))));
    }

    /** {@code /{master}/dec_keys}: GET with one key_ID, POST with Key IDs. */
    private Route decKeys(String master) {
        return concat(
                get(() -> caller(me -> parameterOptional("key_ID", id -> reply(id.isEmpty()
                        ? KmeReply.<Etsi014.KeyContainer>badRequest("key_ID: query parameter required")
                        : store.decKeys(me, master, Etsi014.KeyIds.of(java.util.List.of(id.get()))))))),
                post(() -> caller(me -> json(Etsi014.KeyIds.class, ids -> reply(store.decKeys(me, master, ids))))));
    }

    /** The caller's SAE id, or 401 before anything else is looked at. */
    private Route caller(Function<String, Route> inner) {
        return extractRequest(request -> identity.of(request).map(inner)
                .orElseGet(() -> error(401, "caller: no SAE client certificate (TLS client authentication required)")));
    }

    private <T> Route json(Class<T> type, Function<T, Route> inner) {
        return withSizeLimit(MAX_BODY_BYTES, () -> extractRequestEntity(entity -> {
            if (!entity.getContentType().mediaType().equals(ContentTypes.APPLICATION_JSON.mediaType())) {
                return error(415, "body: Content-Type must be application/json");
            }
            return entity(Unmarshaller.entityToString(), text -> {
                Object parsed = KeyDeliveryJson.parse(text, type);
                if (parsed instanceof Etsi014.Error e) {
                    return respond(400, e);
                }
                return inner.apply(type.cast(parsed));
            });
        }));
    }

    private <T> Route reply(KmeReply<T> r) {
        if (r instanceof KmeReply.Served<T> s) {
            return respond(200, s.body());
        }
        KmeReply.Refused<T> x = (KmeReply.Refused<T>) r;
        return respond(x.status(), x.error());
    }

    private <T> Route reply(Optional<KmeReply<T>> r) {
        return r.map(this::reply).orElseGet(() -> error(400, "query: number and size must be integers"));
    }

    private Route error(int status, String message) {
        return respond(status, Etsi014.Error.of(message));
    }

    private Route respond(int status, Object body) {
        return complete(HttpResponse.create().withStatus(status)
                .withEntity(ContentTypes.APPLICATION_JSON, KeyDeliveryJson.bytes(body)));
    }

    private ExceptionHandler exceptions() {
        return ExceptionHandler.newBuilder().matchAny(t -> {
            Throwable c = t;
            while (c.getCause() != null && c != c.getCause() && !(c instanceof EntityStreamSizeException)) {
                c = c.getCause();
            }
            if (c instanceof EntityStreamSizeException) {
                return error(413, "body: over " + MAX_BODY_BYTES + " bytes");
            }
            return error(500, "internal error: " + c.getClass().getSimpleName());
        }).build();
    }

    private RejectionHandler rejections() {
        return RejectionHandler.newBuilder()
                .handleNotFound(error(404, "path: no such resource (try /api/v1/keys/{SAE_ID}/status)"))
                .build()
                .withFallback(RejectionHandler.defaultHandler())
                .mapRejectionResponse(response -> {
                    // Akka's plain-text rejections (405, 413, ...) become the 014 Error body.
                    if (response.entity() instanceof HttpEntity.Strict strict
                            && !strict.getContentType().equals(ContentTypes.APPLICATION_JSON)) {
                        String text = response.status().intValue() == 413 ? "body: over " + MAX_BODY_BYTES + " bytes"
                                : strict.getData().utf8String();
                        return response.withEntity(ContentTypes.APPLICATION_JSON,
                                KeyDeliveryJson.bytes(Etsi014.Error.of(text)));
                    }
                    return response;
                });
    }
}
