package io.qmkdc.cluster;

import akka.actor.typed.ActorSystem;
import akka.actor.typed.javadsl.Adapter;
import akka.management.cluster.bootstrap.ClusterBootstrap;
import akka.management.javadsl.AkkaManagement;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Akka Management on a node's own management port: the {@code /alive} and {@code /ready} health checks
 * (ready = this node is an Up member of the cluster) and, when the node has no static seed list, Cluster
 * Bootstrap, which finds the other nodes through a discovery method and lets the lowest address form the
 * cluster once enough contact points agree. The management routes are read-only and the cluster-management
 * routes (which could down or leave nodes) are switched off: the port tells the state, it changes nothing.
 */
public final class NodeManagement {
    /** The service name nodes look each other up by (and the pods' {@code app.kubernetes.io/name} label). */
    public static final String SERVICE = "qmkdc";

    /** How Cluster Bootstrap finds the other nodes' management endpoints. */
    public enum Discovery {
        /** A fixed list of management endpoints in the configuration (one machine, or hosts you know). */
        CONFIG("config"),
        /** The pods of the Kubernetes API's label selector (needs the Role in deploy/k8s/rbac.yaml). */
        KUBERNETES_API("kubernetes-api"),
        /** SRV records of a headless Service (port name {@code management}). */
        DNS("akka-dns");

        public final String method;

        Discovery(String method) {
            this.method = method;
        }

        public static Discovery parse(String s) {
            for (Discovery d : values()) {
                if (d.method.equals(s) || d.name().equalsIgnoreCase(s.replace('-', '_'))) {
                    return d;
                }
            }
            return null;
        }
    }

    /** A management endpoint of another node, for {@link Discovery#CONFIG}. */
    public record ContactPoint(String host, int port) {
    }

    /**
     * @param discovery     null: no bootstrap (the node joins its static seed list); health checks only
     * @param contactPoints the management endpoints for {@link Discovery#CONFIG} (this node's own included)
     * @param required      contact points that must answer before a new cluster forms
     */
    public record Settings(String host, int port, Discovery discovery, List<ContactPoint> contactPoints, int required,
            String serviceName) {
        public boolean bootstraps() {
            return discovery != null;
        }
    }

    private NodeManagement() {
    }

    /** The configuration Akka Management and Cluster Bootstrap read; it goes into the node's overrides. */
    public static Config config(Settings s) {
        String boot = "akka.management.cluster.bootstrap.";
        Config c = ConfigFactory.empty()
                .withValue("akka.management.http.hostname", ConfigValueFactory.fromAnyRef(s.host()))
                .withValue("akka.management.http.port", ConfigValueFactory.fromAnyRef(s.port()))
                .withValue("akka.management.http.route-providers-read-only", ConfigValueFactory.fromAnyRef(true))
                // ClusterHttpManagementRouteProvider can leave and down members: not on this port.
                .withValue("akka.management.http.routes.cluster-management", ConfigValueFactory.fromAnyRef(""));
        if (!s.bootstraps()) {
            return c;
        }
        c = c.withValue(boot + "contact-point-discovery.service-name", ConfigValueFactory.fromAnyRef(s.serviceName()))
                .withValue(boot + "contact-point-discovery.discovery-method", ConfigValueFactory.fromAnyRef(s.discovery().method))
                .withValue(boot + "contact-point-discovery.required-contact-point-nr", ConfigValueFactory.fromAnyRef(s.required()))
                .withValue(boot + "contact-point-discovery.stable-margin", ConfigValueFactory.fromAnyRef("3s"));
        switch (s.discovery()) {
            case CONFIG -> {
                List<Map<String, Object>> endpoints = s.contactPoints().stream()
                        .map(p -> Map.<String, Object>of("host", p.host(), "port", p.port())).toList();
                c = c.withValue("akka.discovery.config.services." + s.serviceName() + ".endpoints",
                                ConfigValueFactory.fromIterable(endpoints))
                        // The endpoints carry their own ports (several nodes on one machine): keep them all.
                        .withValue(boot + "contact-point.filter-on-fallback-port", ConfigValueFactory.fromAnyRef(false));
            }
            case KUBERNETES_API -> c = c
                    .withValue("akka.discovery.kubernetes-api.pod-label-selector", ConfigValueFactory.fromAnyRef("app.kubernetes.io/name=%s"))
                    .withValue("akka.discovery.kubernetes-api.use-raw-ip", ConfigValueFactory.fromAnyRef(true))
                    .withValue(boot + "contact-point-discovery.port-name", ConfigValueFactory.fromAnyRef("management"));
            case DNS -> c = c
                    .withValue(boot + "contact-point-discovery.port-name", ConfigValueFactory.fromAnyRef("management"))
                    .withValue(boot + "contact-point-discovery.protocol", ConfigValueFactory.fromAnyRef("tcp"));
        }
        return c;
    }

    /** Why the management port or Cluster Bootstrap could not start, naming the option to look at. */
    public static final class StartFailure extends Exception {
        public final String option;

        StartFailure(String option, String message) {
            super(message, null, false, false);
            this.option = option;
        }
    }

    /** Binds the management port and, with a discovery method, starts Cluster Bootstrap. */
    public static void start(ActorSystem<?> system, Settings s) throws StartFailure {
        akka.actor.ActorSystem classic = Adapter.toClassic(system);
        try {
            AkkaManagement.get(classic).start().toCompletableFuture().get(Duration.ofSeconds(15).toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new StartFailure("--management-port", "cannot listen on " + s.host() + ":" + s.port() + " (" + reason(e) + ")");
        }
        if (s.bootstraps()) {
            try {
                ClusterBootstrap.get(classic).start();
            } catch (Exception e) { // Scala throws checked exceptions undeclared (NoSuchFileException)
                // kubernetes-api reads the pod's service account files when it starts: outside a pod they are missing.
                throw new StartFailure("--discovery", s.discovery().method + ": Cluster Bootstrap cannot start (" + reason(e) + ")");
            }
        }
    }

    private static String reason(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String m = root.getMessage();
        return root.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }
}
