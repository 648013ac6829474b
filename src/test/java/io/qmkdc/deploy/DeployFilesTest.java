package io.qmkdc.deploy;

import io.qmkdc.testing.Eventually;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.ConfigFactory;
import io.qmkdc.metrics.MessageKind;
import io.qmkdc.metrics.MessageResult;
import io.qmkdc.metrics.MetricNames;
import io.qmkdc.metrics.Metrics;
import org.junit.After;
import org.junit.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.Assert.*;

/** The files under deploy/ parse, agree with each other, and name the series the metrics facade really serves. */
public class DeployFilesTest {
    private static final Path DEPLOY = Path.of("deploy");
    private static final Pattern SERIES = Pattern.compile("\\b((?:qmkdc|akka|jvm|process)_[a-z_]+)");

    @After
    public void stopMetrics() {
        Metrics.stop();
    }

    @Test
    public void everyYamlFileParses() throws Exception {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(DEPLOY)) {
            files = walk.filter(p -> p.toString().endsWith(".yml") || p.toString().endsWith(".yaml")).sorted().toList();
        }
        assertTrue(files.toString(), files.size() >= 4);
        for (Path f : files) {
            List<Object> docs = yaml(f);
            assertFalse(f + " is empty", docs.isEmpty());
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    public void prometheusScrapesConsecutiveLoopbackMetricsPorts() throws Exception {
        Map<String, Object> config = (Map<String, Object>) yaml(DEPLOY.resolve("prometheus/prometheus.yml")).get(0);
        Map<String, Object> job = ((List<Map<String, Object>>) config.get("scrape_configs")).get(0);
        assertEquals("/metrics", job.get("metrics_path"));
        List<String> targets = (List<String>) ((List<Map<String, Object>>) job.get("static_configs")).get(0).get("targets");
        for (int i = 0; i < targets.size(); i++) {
            assertEquals("127.0.0.1:" + (Metrics.DEFAULT_PORT + i), targets.get(i));
        }
    }

    @Test
    public void dashboardUsesExactlyTheSeriesTheFacadeServes() throws Exception {
        JsonNode dashboard = new ObjectMapper().readTree(DEPLOY.resolve("grafana/qmkdc-dashboard.json").toFile());
        assertEquals("qmkdc-overview", dashboard.get("uid").asText());
        List<String> exprs = dashboard.findValues("expr").stream().map(JsonNode::asText).toList();
        assertFalse(exprs.isEmpty());
        Set<String> used = new TreeSet<>();
        for (String expr : exprs) {
            Matcher m = SERIES.matcher(expr);
            while (m.find()) {
                used.add(m.group(1));
            }
        }

        // Every qmkdc series of the facade is on the dashboard.
        Set<String> facade = Set.of(MetricNames.PROM_LINK_QBER, MetricNames.PROM_LINK_SIFTED_BITS,
                MetricNames.PROM_LINK_FINAL_BITS, MetricNames.PROM_LINK_ABORTS, MetricNames.PROM_AUTHENTICATIONS,
                MetricNames.PROM_GROUP_KEY_EPOCH, MetricNames.PROM_MESSAGES, MetricNames.PROM_ATTACKS_ACTIVE,
                MetricNames.PROM_RELAY_LATENCY + "_bucket");
        for (String name : facade) {
            assertTrue(name + " missing from the dashboard", used.contains(name));
        }

        // And every qmkdc/jvm/process series the dashboard names is in a real scrape.
        InetSocketAddress at = Metrics.start("127.0.0.1", 0, ConfigFactory.parseString(
                "kamon.metric.tick-interval = 100 ms\nkamon.init.attach-instrumentation = no\n"
                        + "kamon.modules.jvm-metrics.interval = 100 ms\nkamon.modules.process-metrics.interval = 100 ms"));
        Metrics.linkQber("l", 0.01);
        Metrics.siftedKeyBits("l", 1);
        Metrics.finalKeyBits("l", 1);
        Metrics.linkAbort("l", "qber_threshold");
        Metrics.authentication("hardened", "accepted");
        Metrics.groupKeyEpoch("g", 1);
        Metrics.message(MessageKind.INTRA, MessageResult.DELIVERED);
        Metrics.relayLatencyNanos(1_000_000);
        Metrics.activeAttacks("pns", 1);
        List<String> wanted = used.stream().filter(n -> !n.startsWith("akka_")).collect(Collectors.toList());
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        String scrape;
        try {
            scrape = Eventually.await(Duration.ofSeconds(10), Duration.ofMillis(50), () -> http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + at.getPort() + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body(), text -> allPresent(text, wanted), "every dashboard series");
        } catch (AssertionError timedOut) {
            // Fall through to the per-name report below, which says exactly which series are missing.
            scrape = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + at.getPort() + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        }
        List<String> missing = new ArrayList<>();
        for (String name : wanted) {
            if (!present(scrape, name)) {
                missing.add(name);
            }
        }
        assertTrue("dashboard names not in the scrape: " + missing, missing.isEmpty());
        // Akka's series need the agent and an ActorSystem: KanelaAttachTest shows akka_group_* in a child JVM.
        for (String name : used) {
            if (name.startsWith("akka_")) {
                assertTrue(name, name.startsWith("akka_group_") || name.startsWith("akka_cluster_sharding_region_"));
            }
        }
    }

    private static boolean allPresent(String scrape, List<String> names) {
        return names.stream().allMatch(n -> present(scrape, n));
    }

    private static boolean present(String scrape, String name) {
        return Pattern.compile("(?m)^" + Pattern.quote(name) + "[{ ]").matcher(scrape).find();
    }

    private static List<Object> yaml(Path file) throws Exception {
        List<Object> docs = new ArrayList<>();
        for (Object doc : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(Files.readString(file))) {
            if (doc != null) {
                docs.add(doc);
            }
        }
        return docs;
    }
}
