package io.qmkdc.deploy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.qmkdc.pki.CertRole;
import io.qmkdc.pki.PkiDir;
import io.qmkdc.pki.TestPki;
import io.qmkdc.pki.TlsContexts;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The part of a Kubernetes API server that Akka's kubernetes-api discovery reads: HTTPS with its own CA, a bearer
 * token, {@code GET /api/v1/namespaces/NS/pods?labelSelector=...} answering a PodList of the pods registered so far
 * (Running, with a pod IP and the container port named {@code management}). It also writes the service account files
 * a pod would have mounted (ca.crt, token, namespace) and keeps every request's path and query, so a test sees which
 * label the nodes selected by.
 */
final class FakeKubernetesApi implements AutoCloseable {
    static final String NAMESPACE = "default";
    private static final String TOKEN = "test-service-account-token";

    private final HttpsServer server;
    private final Path serviceAccount;
    private final Map<String, Integer> pods = new ConcurrentHashMap<>();
    final List<String> queries = new CopyOnWriteArrayList<>();

    FakeKubernetesApi(Path dir) throws Exception {
        PkiDir pki = TestPki.init(dir.resolve("apiserver-pki"));
        TestPki.issue(pki, CertRole.NODE, "apiserver", "127.0.0.1");
        serviceAccount = Files.createDirectories(dir.resolve("serviceaccount"));
        Files.copy(pki.caCert(), serviceAccount.resolve("ca.crt"));
        Files.writeString(serviceAccount.resolve("token"), TOKEN);
        Files.writeString(serviceAccount.resolve("namespace"), NAMESPACE);
        server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        server.setHttpsConfigurator(new HttpsConfigurator(TlsContexts.client(pki, "apiserver")));
        server.createContext("/", this::answer);
        server.start();
    }

    /** A pod the API lists from now on: Running on 127.0.0.1 with its management port. */
    void addPod(String name, int managementPort) {
        pods.put(name, managementPort);
    }

    int port() {
        return server.getAddress().getPort();
    }

    /** The JVM options that point the discovery at this server's service account files instead of /var/run/secrets. */
    String javaOptions() {
        String k = "-Dakka.discovery.kubernetes-api.";
        return k + "api-ca-path=" + serviceAccount.resolve("ca.crt") + " " + k + "api-token-path=" + serviceAccount.resolve("token")
                + " " + k + "pod-namespace-path=" + serviceAccount.resolve("namespace");
    }

    private void answer(HttpExchange x) throws IOException {
        String query = x.getRequestURI().getRawQuery() == null ? "" : URLDecoder.decode(x.getRequestURI().getRawQuery(), StandardCharsets.UTF_8);
        queries.add(x.getRequestURI().getPath() + "?" + query);
        int code;
        byte[] body;
        if (!("Bearer " + TOKEN).equals(x.getRequestHeaders().getFirst("Authorization"))) {
            code = 401;
            body = "{\"kind\":\"Status\",\"code\":401}".getBytes(StandardCharsets.UTF_8);
        } else if (!x.getRequestURI().getPath().equals("/api/v1/namespaces/" + NAMESPACE + "/pods")) {
            code = 404;
            body = "{\"kind\":\"Status\",\"code\":404}".getBytes(StandardCharsets.UTF_8);
        } else {
            code = 200;
            body = podList(query.equals("labelSelector=app.kubernetes.io/name=qmkdc")).getBytes(StandardCharsets.UTF_8);
        }
        x.getResponseHeaders().set("Content-Type", "application/json");
        x.sendResponseHeaders(code, body.length);
        x.getResponseBody().write(body);
        x.close();
    }

    private String podList(boolean selected) {
        ObjectMapper json = new ObjectMapper();
        ObjectNode list = json.createObjectNode().put("kind", "PodList").put("apiVersion", "v1");
        ArrayNode items = list.putArray("items");
        if (selected) {
            pods.forEach((name, port) -> {
                ObjectNode pod = items.addObject();
                pod.putObject("metadata").put("name", name).put("namespace", NAMESPACE);
                ObjectNode container = pod.putObject("spec").putArray("containers").addObject().put("name", "qmkdc");
                container.putArray("ports").addObject().put("name", "management").put("containerPort", port);
                pod.putObject("status").put("phase", "Running").put("podIP", "127.0.0.1");
            });
        }
        return list.toString();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
