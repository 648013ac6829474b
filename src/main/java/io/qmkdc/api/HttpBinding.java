package io.qmkdc.api;

import akka.actor.typed.ActorSystem;
import akka.http.javadsl.ConnectionContext;
import akka.http.javadsl.Http;
import akka.http.javadsl.ServerBinding;
import akka.http.javadsl.server.Route;
import akka.http.javadsl.settings.ServerSettings;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.UnaryOperator;
import javax.net.ssl.SSLContext;

/**
 * Binds one of the node's HTTP APIs (control API, key delivery API): the port check, HTTPS when a server context is
 * given, and a bind that waits at most 10 s. Kept in one place so both APIs refuse and fail with the same words.
 */
final class HttpBinding {
    private HttpBinding() {
    }

    /**
     * Binds {@code route} on {@code host:port} (0 = ephemeral) in {@code system}; over HTTPS with {@code https}
     * (see {@link io.qmkdc.pki.TlsContexts#httpsServerEngine}), plain HTTP when null.
     *
     * @param settings adjusts the system's server settings for this API
     * @param api      the API's name in messages, e.g. "control API"
     */
    static ServerBinding bind(ActorSystem<?> system, Route route, String host, int port, SSLContext https,
                              UnaryOperator<ServerSettings> settings, String api) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be in 0..65535 (0 = ephemeral), got " + port);
        }
        akka.http.javadsl.ServerBuilder server = Http.get(system).newServerAt(host, port)
                .withSettings(settings.apply(ServerSettings.create(system.settings().config())));
        if (https != null) {
            server = server.enableHttps(ConnectionContext.httpsServer(() -> io.qmkdc.pki.TlsContexts.httpsServerEngine(https)));
        }
        try {
            return server.bind(route).toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while binding the " + api, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot bind the " + api + " to " + host + ":" + port + ": "
                    + (e.getCause() == null ? e : e.getCause().getMessage()), e);
        }
    }
}
