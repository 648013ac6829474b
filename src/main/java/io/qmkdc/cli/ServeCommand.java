package io.qmkdc.cli;

import akka.http.javadsl.ServerBinding;
import com.typesafe.config.ConfigFactory;
import io.qmkdc.api.ApiServer;
import io.qmkdc.api.EmbeddedControlPlane;
import io.qmkdc.api.KeyDelivery;
import io.qmkdc.api.PemTls;
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
            description = "address of the control API (default ${DEFAULT-VALUE}; it has no authentication)")
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

    @Option(names = "--kme-port", paramLabel = "PORT", defaultValue = "-1",
            description = "serve ETSI GS QKD 014 key delivery over HTTPS on this port (e.g. 8443), 0 = any free one, "
                    + "-1 = off (default ${DEFAULT-VALUE}); needs --kme-pki")
    int kmePort;

    @Option(names = "--kme-host", paramLabel = "HOST", defaultValue = ApiServer.DEFAULT_HOST,
            description = "address of the key delivery API (default ${DEFAULT-VALUE})")
    String kmeHost;

    @Option(names = "--kme-pki", paramLabel = "DIR",
            description = "PEM files of the key delivery API: DIR/ca.crt (the CA of the SAE certificates), DIR/kme.crt, DIR/kme.key")
    java.nio.file.Path kmePki;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1", description = "seed (default ${DEFAULT-VALUE})")
    long seed;

    @Override
    public Integer call() throws InterruptedException {
        check("--http-port", httpPort, 0, 65535);
        check("--metrics-port", metricsPort, -1, 65535);
        check("--traffic-ms", trafficMs, 0, 3_600_000);
        check("--rekey-s", rekeySeconds, 0, 86_400);
        check("--duration", durationSeconds, 0, 31_536_000);
        check("--kme-port", kmePort, -1, 65535);
        javax.net.ssl.SSLContext kmeTls = kmePort < 0 ? null : kmeTls();
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
        // Before the deployment, so that both ends of every link set aside the same share for key delivery.
        KeyDelivery kme = kmePort < 0 ? null : KeyDelivery.prepare(s, KmeLimits.standard());
        EmbeddedControlPlane plane = EmbeddedControlPlane.start(s, Profiles::load, seed, ConfigFactory.empty(),
                new EmbeddedControlPlane.Activity(Duration.ofMillis(trafficMs), Duration.ofSeconds(rekeySeconds)));
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            plane.close();
            if (kme != null) {
                kme.close();
            }
            Metrics.stop();
            stopped.countDown();
        }, "qmkdc-serve-shutdown");
        ServerBinding binding;
        ServerBinding kmeBinding;
        try {
            binding = ApiServer.start(plane.system(), plane, httpHost, httpPort);
            kmeBinding = kme == null ? null : kme.serve(plane.system(), kmeHost, kmePort, kmeTls);
        } catch (RuntimeException e) {
            hook.run();
            throw e;
        }
        InetSocketAddress at = binding.localAddress();
        System.out.println("scenario " + s.name() + ": " + s.groups().size() + " groups deployed on the embedded cluster");
        System.out.println("control API: http://" + at.getHostString() + ":" + at.getPort()
                + "  (GET /status, GET|POST /attacks, DELETE /attacks/ID, POST /scenarios)");
        if (kmeBinding != null) {
            System.out.println("key delivery (ETSI GS QKD 014): https://" + kmeBinding.localAddress().getHostString() + ":"
                    + kmeBinding.localAddress().getPort() + "/api/v1/keys/{SAE_ID}/status  (SAEs: the members; "
                    + "client certificates of " + kmePki.resolve("ca.crt") + ")");
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

    private javax.net.ssl.SSLContext kmeTls() {
        if (kmePki == null) {
            throw new UsageError("--kme-pki: required with --kme-port (a folder with ca.crt, kme.crt, kme.key)");
        }
        try {
            return PemTls.context(kmePki.resolve("kme.crt"), kmePki.resolve("kme.key"), kmePki.resolve("ca.crt"));
        } catch (java.io.IOException | java.security.GeneralSecurityException e) {
            throw new UsageError("--kme-pki: cannot read " + kmePki + ": " + e.getMessage());
        }
    }

    private static void check(String name, long value, long min, long max) {
        if (value < min || value > max) {
            throw new UsageError(name + " must be in " + min + ".." + max + ", got " + value);
        }
    }
}
