package io.qmkdc.cli;

import akka.http.javadsl.ServerBinding;
import com.typesafe.config.ConfigFactory;
import io.qmkdc.api.ApiServer;
import io.qmkdc.api.KeyDelivery;
import io.qmkdc.api.NodeControlPlane;
import io.qmkdc.kme.KmeLimits;
import io.qmkdc.metrics.Metrics;
import io.qmkdc.scenario.Scenario;
import io.qmkdc.scenario.ScenarioLoader;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code deploy/qmkdc serve}: deploys a scenario's groups and members on the embedded one-node cluster, keeps them
 * busy (traffic, periodic re-keying) and serves the control API and the Prometheus endpoint until Ctrl-C (or
 * {@code --duration}).
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Run a scenario's deployment on the embedded cluster with the control API and metrics until Ctrl-C.")
final class ServeCommand implements Callable<Integer> {
    @Option(names = "--scenario", paramLabel = "FILE", defaultValue = "demo",
            description = "scenario whose groups and members are deployed (its steps are not played; default ${DEFAULT-VALUE})")
    String scenario;

    @Option(names = "--http-host", paramLabel = "HOST", defaultValue = ApiServer.DEFAULT_HOST,
            description = "address of the control API (default ${DEFAULT-VALUE}; without --pki it has no authentication)")
    String httpHost;

    @Option(names = "--http-port", paramLabel = "PORT", defaultValue = "" + ApiServer.DEFAULT_PORT,
            description = "port of the control API, 0 = any free one (default ${DEFAULT-VALUE})")
    int httpPort;

    @Option(names = "--metrics-port", paramLabel = "PORT", defaultValue = "" + Metrics.DEFAULT_PORT,
            description = "port of the Prometheus endpoint on 127.0.0.1, 0 = any free one, -1 = no metrics (default ${DEFAULT-VALUE})")
    int metricsPort;

    @Option(names = "--traffic-ms", paramLabel = "MS", defaultValue = "500",
            description = "one group message every MS milliseconds, 0 = none (default ${DEFAULT-VALUE})")
    long trafficMs;

    @Option(names = "--rekey-s", paramLabel = "S", defaultValue = "10",
            description = "re-initialize every link every S seconds, 0 = never (default ${DEFAULT-VALUE})")
    long rekeySeconds;

    @Option(names = "--duration", paramLabel = "S", defaultValue = "0",
            description = "stop after S seconds, 0 = run until Ctrl-C (default ${DEFAULT-VALUE})")
    long durationSeconds;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1", description = "seed (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--pki", paramLabel = "DIR", description = "serve the API over HTTPS to operator certificates of this "
            + "PKI folder (deploy/qmkdc pki), with the node certificate --node-cert; default: plain HTTP")
    java.nio.file.Path pki;

    @Option(names = "--node-cert", paramLabel = "NAME", defaultValue = "node",
            description = "with --pki: the server's certificate NAME.crt/NAME.key; it must name --http-host (default ${DEFAULT-VALUE})")
    String nodeCert;

    @Option(names = "--kme-port", paramLabel = "PORT", defaultValue = "-1",
            description = "serve ETSI GS QKD 014 key delivery over mutual TLS on this port (e.g. 8443), 0 = any free one, "
                    + "-1 = off (default ${DEFAULT-VALUE}); SAEs = the members, certificates from --pki or else --kme-pki")
    int kmePort;

    @Option(names = "--kme-host", paramLabel = "HOST", defaultValue = ApiServer.DEFAULT_HOST,
            description = "address of the key delivery API (default ${DEFAULT-VALUE})")
    String kmeHost;

    @Option(names = "--kme-pki", paramLabel = "DIR", defaultValue = "run/serve/pki",
            description = "without --pki: the key delivery API's PKI folder, made if missing with a CA, node.crt for "
                    + "127.0.0.1/localhost and one SAE certificate per member (default ${DEFAULT-VALUE})")
    java.nio.file.Path kmePki;

    @Override
    public Integer call() throws InterruptedException {
        check("--http-port", httpPort, 0, 65535);
        check("--metrics-port", metricsPort, -1, 65535);
        check("--traffic-ms", trafficMs, 0, 3_600_000);
        check("--rekey-s", rekeySeconds, 0, 86_400);
        check("--duration", durationSeconds, 0, 31_536_000);
        check("--kme-port", kmePort, -1, 65535);
        javax.net.ssl.SSLContext https = pki == null ? null : NodeTls.of(pki, nodeCert, false, httpHost, httpHost).api();
        Scenario s;
        try {
            s = ScenarioLoader.load(scenario);
        } catch (ScenarioLoader.Invalid e) {
            throw new UsageError(String.join(System.lineSeparator() + "error: ", e.problems()));
        }
        if (metricsPort >= 0) {
            // Before the ActorSystem, so that Kamon instruments Akka's classes as they load.
            InetSocketAddress m = Metrics.start(Metrics.DEFAULT_HOST, metricsPort);
            System.out.println("metrics: http://" + m.getHostString() + ":" + m.getPort() + "/metrics");
        }
        javax.net.ssl.SSLContext kmeTls = kmePort < 0 ? null : kmeTls(s);
        NodeControlPlane plane = NodeControlPlane.serve(s, Profiles::load, seed,
                kmePort < 0 ? ConfigFactory.empty() : KeyDelivery.config(),
                new NodeControlPlane.Activity(Duration.ofMillis(trafficMs), Duration.ofSeconds(rekeySeconds)));
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            plane.close();
            Metrics.stop();
            stopped.countDown();
        }, "qmkdc-serve-shutdown");
        ServerBinding binding;
        String kmeAt = null;
        try {
            binding = ApiServer.start(plane.system(), new ApiServer(plane), httpHost, httpPort, https);
            if (kmeTls != null) {
                ServerBinding b = KeyDelivery.serve(plane.system(), KeyDelivery.store(plane.system(), s, KmeLimits.standard()),
                        kmeHost, kmePort, kmeTls);
                kmeAt = "key delivery (ETSI GS QKD 014): https://" + b.localAddress().getHostString() + ":"
                        + b.localAddress().getPort() + "/api/v1/keys/{SAE_ID}/status  (SAEs: the members)";
            }
        } catch (RuntimeException e) {
            hook.run();
            throw e;
        }
        InetSocketAddress at = binding.localAddress();
        System.out.println("scenario " + s.name() + ": " + s.groups().size() + " groups deployed on the embedded cluster");
        System.out.println("control API: " + (https == null ? "http" : "https") + "://" + at.getHostString() + ":" + at.getPort()
                + "  (GET /status, GET|POST /attacks, DELETE /attacks/ID, POST /scenarios)");
        System.out.println("console: " + (https == null ? "http" : "https") + "://" + at.getHostString() + ":" + at.getPort() + "/");
        if (kmeAt != null) {
            System.out.println(kmeAt);
        }
        System.out.println(durationSeconds > 0 ? "running for " + durationSeconds + " s" : "running; Ctrl-C to stop");
        System.out.flush();
        Runtime.getRuntime().addShutdownHook(hook);
        if (durationSeconds > 0 && !stopped.await(durationSeconds, TimeUnit.SECONDS)) {
            Runtime.getRuntime().removeShutdownHook(hook);
            hook.run();
        }
        stopped.await();
        return 0;
    }

    /** The 014 server's context: --pki's --node-cert, or serve's own folder (made if missing) with SAE certificates. */
    private javax.net.ssl.SSLContext kmeTls(Scenario s) {
        io.qmkdc.pki.PkiDir dir = pki != null ? PkiCommand.open(pki)
                : KmePki.prepare(kmePki, KeyDelivery.directory(s).saes(), System.out);
        String cert = pki != null ? nodeCert : KmePki.SERVER;
        try {
            return KeyDelivery.https(dir, cert);
        } catch (java.io.IOException | java.security.GeneralSecurityException e) {
            throw new UsageError((pki != null ? "--node-cert: " : "--kme-pki: ") + dir.cert(cert) + ": " + e.getMessage());
        }
    }

    private static void check(String name, long value, long min, long max) {
        if (value < min || value > max) {
            throw new UsageError(name + " must be in " + min + ".." + max + ", got " + value);
        }
    }
}
