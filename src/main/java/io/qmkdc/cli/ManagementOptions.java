package io.qmkdc.cli;

import io.qmkdc.cluster.NodeManagement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine.Option;

/** {@code node}'s Akka Management options: the health-check port and how Cluster Bootstrap finds the other nodes. */
final class ManagementOptions {
    @Option(names = "--management-port", paramLabel = "P", defaultValue = "${env:QMKDC_MANAGEMENT_PORT:-0}",
            description = "Akka Management port: /alive and /ready health checks, Cluster Bootstrap (0 = none; default ${DEFAULT-VALUE})")
    int port;

    @Option(names = "--management-host", paramLabel = "HOST", defaultValue = "${env:QMKDC_MANAGEMENT_HOST}",
            description = "address of the management port (default: --hostname; env QMKDC_MANAGEMENT_HOST)")
    String host;

    @Option(names = "--discovery", paramLabel = "METHOD", defaultValue = "${env:QMKDC_DISCOVERY}",
            description = "join by Cluster Bootstrap instead of --seed-nodes: config (with --contact-points), kubernetes-api, "
                    + "akka-dns (env QMKDC_DISCOVERY)")
    String discovery;

    @Option(names = "--contact-points", paramLabel = "HOST:PORT[,...]", defaultValue = "${env:QMKDC_CONTACT_POINTS}",
            description = "the nodes' management endpoints for --discovery config, this node's included (env QMKDC_CONTACT_POINTS)")
    String contactPoints;

    @Option(names = "--required-contact-points", paramLabel = "N", defaultValue = "${env:QMKDC_REQUIRED_CONTACT_POINTS:-2}",
            description = "contact points that must answer before a new cluster forms (default ${DEFAULT-VALUE})")
    int required;

    @Option(names = "--service-name", paramLabel = "NAME", defaultValue = "${env:QMKDC_SERVICE_NAME:-" + NodeManagement.SERVICE + "}",
            description = "the service the nodes look each other up by (default ${DEFAULT-VALUE})")
    String serviceName;

    /** The checked settings, or null when the node runs no management port. */
    NodeManagement.Settings settings(String hostname) {
        boolean bootstrap = discovery != null && !discovery.isBlank();
        if (port == 0) {
            if (bootstrap) {
                throw new UsageError("--discovery: Cluster Bootstrap needs --management-port");
            }
            return null;
        }
        if (port < 1 || port > 65535) {
            throw new UsageError("--management-port: " + port + " is not a port (0..65535)");
        }
        NodeManagement.Discovery method = null;
        List<NodeManagement.ContactPoint> points = new ArrayList<>();
        if (bootstrap) {
            method = NodeManagement.Discovery.parse(discovery.trim());
            if (method == null) {
                throw new UsageError("--discovery: unknown method '" + discovery + "' (known: config, kubernetes-api, akka-dns)");
            }
            if (required < 1) {
                throw new UsageError("--required-contact-points: " + required + " is not at least 1");
            }
            if (serviceName == null || !serviceName.matches("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?")) {
                throw new UsageError("--service-name: '" + serviceName + "' is not a DNS label (a-z, 0-9, '-')");
            }
            if (method == NodeManagement.Discovery.CONFIG) {
                points = contactPoints(contactPoints);
            } else if (contactPoints != null && !contactPoints.isBlank()) {
                throw new UsageError("--contact-points: only with --discovery config");
            }
        }
        String h = host == null || host.isBlank() ? hostname : host.trim();
        return new NodeManagement.Settings(h, port, method, points, required, serviceName);
    }

    private static List<NodeManagement.ContactPoint> contactPoints(String list) {
        if (list == null || list.isBlank()) {
            throw new UsageError("--contact-points: --discovery config needs the nodes' management endpoints HOST:PORT,...");
        }
        List<NodeManagement.ContactPoint> points = new ArrayList<>();
        for (String s : Arrays.stream(list.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList()) {
            int colon = s.lastIndexOf(':');
            int p = colon < 1 || !s.substring(colon + 1).matches("\\d{1,5}") ? -1 : Integer.parseInt(s.substring(colon + 1));
            if (p < 1 || p > 65535) {
                throw new UsageError("--contact-points: '" + s + "' is not HOST:PORT");
            }
            points.add(new NodeManagement.ContactPoint(s.substring(0, colon), p));
        }
        return points;
    }
}
