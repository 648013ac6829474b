package io.qmkdc.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A client of the control API ({@code java.net.http}): one call per endpoint, answers as JSON trees. A refused request
 * throws {@link ApiError} with the server's status and {@code message}; a server that cannot be reached throws
 * {@link Unreachable}.
 */
public final class ApiClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(15);

    /** The server did not answer (connection refused, timed out). */
    public static final class Unreachable extends RuntimeException {
        public Unreachable(String message, Throwable cause) {
            super(message, cause, false, false);
        }
    }

    private final URI base;
    private final HttpClient http;

    public ApiClient(URI base) {
        this(base, null);
    }

    /**
     * With {@code tls} (an operator's client context, {@link io.qmkdc.pki.TlsContexts#client}) an https base presents
     * the operator certificate and checks that the server's certificate is of the CA and names the host.
     */
    public ApiClient(URI base, javax.net.ssl.SSLContext tls) {
        this.base = base;
        HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5));
        this.http = (tls == null ? b : b.sslContext(tls)).build();
    }

    /**
     * Checks a {@code --connect} value: {@code http://HOST:PORT} (https allowed), no path, query or user info.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public static URI parseBase(String url) {
        URI u;
        try {
            u = new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("--connect: not a URL: " + e.getMessage());
        }
        if (!"http".equals(u.getScheme()) && !"https".equals(u.getScheme())) {
            throw new IllegalArgumentException("--connect: must start with http:// or https://, got '" + url + "'");
        }
        if (u.getHost() == null || u.getPort() < 1 || u.getPort() > 65535) {
            throw new IllegalArgumentException("--connect: must be http://HOST:PORT with a port in 1..65535, got '" + url + "'");
        }
        if (u.getUserInfo() != null || u.getQuery() != null || u.getFragment() != null
                || !(u.getRawPath() == null || u.getRawPath().isEmpty() || u.getRawPath().equals("/"))) {
            throw new IllegalArgumentException("--connect: only http://HOST:PORT, without a path or query, got '" + url + "'");
        }
        return URI.create(u.getScheme() + "://" + u.getHost() + ":" + u.getPort());
    }

    public JsonNode status() {
        return send(request("/status").GET());
    }

    public JsonNode attacks() {
        return send(request("/attacks").GET());
    }

    /** {@code POST /attacks} with a JSON body; the new attack. */
    public JsonNode attach(String json) {
        return send(request("/attacks").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)));
    }

    public void detach(String id) {
        send(request("/attacks/" + id).DELETE());
    }

    /** {@code POST /scenarios} with HOCON text; the run (id, state). */
    public JsonNode runScenario(String hocon) {
        return send(request("/scenarios").header("Content-Type", "text/plain; charset=UTF-8")
                .POST(HttpRequest.BodyPublishers.ofString(hocon, StandardCharsets.UTF_8)));
    }

    public JsonNode scenario(String id) {
        return send(request("/scenarios/" + id).GET());
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(base.resolve(path)).timeout(TIMEOUT);
    }

    private JsonNode send(HttpRequest.Builder b) {
        HttpRequest req = b.build();
        HttpResponse<String> r;
        try {
            r = http.send(req, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (ConnectException | HttpConnectTimeoutException e) {
            throw new Unreachable("cannot reach " + base + ": connection refused (is 'deploy/qmkdc serve' or a node running?)", e);
        } catch (HttpTimeoutException e) {
            throw new Unreachable("no answer from " + base + " within " + TIMEOUT.toSeconds() + " s", e);
        } catch (javax.net.ssl.SSLException e) {
            throw new Unreachable("TLS with " + base + " failed: " + e.getMessage()
                    + " (an operator certificate of the cluster's CA? --pki DIR)", e);
        } catch (IOException e) {
            throw new Unreachable("cannot reach " + base + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unreachable("interrupted", e);
        }
        JsonNode body = null;
        if (!r.body().isEmpty()) {
            try {
                body = JSON.readTree(r.body());
            } catch (IOException e) {
                body = null;
            }
        }
        if (r.statusCode() >= 400) {
            String message = body != null && body.hasNonNull("message") ? body.get("message").asText()
                    : "HTTP " + r.statusCode() + " from " + req.method() + " " + req.uri().getPath();
            throw new ApiError(r.statusCode(), message);
        }
        return body;
    }
}
