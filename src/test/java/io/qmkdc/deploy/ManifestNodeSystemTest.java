package io.qmkdc.deploy;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.qmkdc.cluster.NodeManagement;
import io.qmkdc.pki.CertRole;
import io.qmkdc.pki.PkiDir;
import io.qmkdc.pki.TestPki;
import io.qmkdc.testing.Eventually;
import io.qmkdc.testing.NodeProcesses;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.After;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * Runs the StatefulSet's container exactly as Kubernetes would: its {@code /bin/sh -c} command line with the
 * ConfigMap's and the container's environment ({@code $(VAR)} expanded as the kubelet does). What differs from a
 * pod is listed in {@link #onThisMachine}: the jar's path (the build's class path here), the PKI folder, the pod's
 * DNS name and ports (three pods share one machine). Outside a pod the Kubernetes API discovery cannot start and the
 * node says so; with {@link FakeKubernetesApi} as the API server, one listed pod stays unready (two contact points
 * are required) and three form one cluster by Cluster Bootstrap and are all ready.
 */
public class ManifestNodeSystemTest {
    private static final Duration START = Duration.ofSeconds(90);

    @Rule
    public final TemporaryFolder tmp = new TemporaryFolder();
    private final NodeProcesses nodes = new NodeProcesses();

    @After
    public void stop() {
        nodes.close();
    }

    @Test
    public void theManifestsCommandLineStartsNodesThatBootstrapOverTheKubernetesApiAndAnswerTheProbes() throws Exception {
        List<HasMetadata> all = KubernetesManifestsTest.resources();
        Container c = KubernetesManifestsTest.one(all, StatefulSet.class).getSpec().getTemplate().getSpec().getContainers().get(0);
        Map<String, String> configMap = KubernetesManifestsTest.one(all, ConfigMap.class).getData();
        List<String> command = List.of(c.getCommand().get(0), c.getCommand().get(1), onThisMachine(c.getArgs().get(0)));
        Path dir = tmp.getRoot().toPath();
        PkiDir pki = TestPki.init(dir.resolve("pki"));
        TestPki.issue(pki, CertRole.NODE, "node", "127.0.0.1");
        int[] ports = NodeProcesses.freePorts(12);

        // Outside a pod (no service account files) the node says in one line why it cannot discover, exit 2.
        Path outside = dir.resolve("outside.log");
        Process lone = nodes.start(outside, command, podEnv(c, configMap, 0, pki, ports));
        assertTrue("exits", lone.waitFor(60, java.util.concurrent.TimeUnit.SECONDS));
        List<String> lines = java.nio.file.Files.readAllLines(outside).stream().filter(l -> l.startsWith("error:")).toList();
        assertEquals(nodes.tails(), 2, lone.exitValue());
        assertEquals(lines.toString(), 1, lines.size());
        assertTrue(lines.get(0), lines.get(0).startsWith("error: --discovery: kubernetes-api: Cluster Bootstrap cannot start")
                && lines.get(0).contains("ca.crt"));

        try (FakeKubernetesApi api = new FakeKubernetesApi(dir)) {
            String[] health = new String[3];
            for (int i = 0; i < 3; i++) {
                Map<String, String> env = podEnv(c, configMap, i, pki, ports);
                // What the kubelet gives every pod: the API server's address and the service account's files.
                env.put("KUBERNETES_SERVICE_HOST", "127.0.0.1");
                env.put("KUBERNETES_SERVICE_PORT", String.valueOf(api.port()));
                env.put("QMKDC_JAVA_OPTS", env.get("QMKDC_JAVA_OPTS") + " " + api.javaOptions());
                health[i] = "http://127.0.0.1:" + env.get("QMKDC_MANAGEMENT_PORT");
                if (i == 1) {
                    // One pod listed, the manifest requires two contact points: it must not form a cluster alone.
                    NodeProcesses.awaitLine(dir.resolve("qmkdc-0.log"), "qmkdc node health: " + health[0]
                            + "/ready (joining by Cluster Bootstrap, discovery kubernetes-api)", START);
                    NodeProcesses.awaitStatus(health[0] + "/alive", 200, START);
                    Thread.sleep(8000);
                    assertNotEquals(nodes.tails(), 200, NodeProcesses.status(health[0] + "/ready"));
                    assertEquals("the cluster-management routes are off", 404, NodeProcesses.status(health[0] + "/cluster/members"));
                }
                api.addPod("qmkdc-" + i, Integer.parseInt(env.get("QMKDC_MANAGEMENT_PORT")));
                nodes.start(dir.resolve("qmkdc-" + i + ".log"), command, env);
            }
            for (String h : health) {
                NodeProcesses.awaitStatus(h + "/ready", 200, START);
            }
            ObjectMapper json = new ObjectMapper();
            for (String h : health) {
                JsonNode seen = Eventually.await(Duration.ofSeconds(30), Duration.ofSeconds(1),
                        () -> json.readTree(NodeProcesses.body(h + "/bootstrap/seed-nodes")).path("seedNodes"),
                        n -> n.size() == 3 && java.util.stream.StreamSupport.stream(n.spliterator(), false)
                                .allMatch(m -> "Up".equals(m.path("status").asText())), h + " seeing three Up members");
                assertEquals(3, seen.size());
            }
            assertTrue(api.queries.toString(), api.queries.contains(
                    "/api/v1/namespaces/default/pods?labelSelector=app.kubernetes.io/name=" + NodeManagement.SERVICE));
            NodeProcesses.awaitLine(dir.resolve("qmkdc-0.log"), "qmkdc node API: https://127.0.0.1:" + ports[1] + "/status", START);
        }
    }

    /** The container's command with the image's jar replaced by this build's classes; it must be where expected. */
    static String onThisMachine(String args) {
        String jar = "exec java $QMKDC_JAVA_OPTS -jar /opt/qmkdc/qmkdc.jar node";
        assertTrue(args, args.startsWith(jar));
        return "exec \"$TEST_JAVA\" $QMKDC_JAVA_OPTS -cp \"$TEST_CLASS_PATH\" io.qmkdc.cli.Main node" + args.substring(jar.length());
    }

    /** ConfigMap, then the container's env in order with $(VAR) references expanded; then this machine's differences. */
    static Map<String, String> podEnv(Container c, Map<String, String> configMap, int pod, PkiDir pki, int[] ports) {
        Map<String, String> env = new LinkedHashMap<>(configMap);
        Map<String, String> fields = Map.of("metadata.name", "qmkdc-" + pod, "metadata.namespace", "default",
                "status.podIP", "127.0.0.1");
        for (EnvVar e : c.getEnv()) {
            String v = e.getValueFrom() != null ? fields.get(e.getValueFrom().getFieldRef().getFieldPath()) : expand(e.getValue(), env);
            assertTrue(e.getName() + " has a value", v != null);
            env.put(e.getName(), v);
        }
        assertEquals("kubernetes-api", env.get("QMKDC_DISCOVERY"));
        assertEquals("127.0.0.1", env.get("QMKDC_MANAGEMENT_HOST")); // $(POD_IP)
        env.put("QMKDC_HOSTNAME", "127.0.0.1"); // the pod's DNS name resolves only inside the cluster
        env.put("QMKDC_PKI", pki.dir().toString()); // the Secret's mount
        env.put("QMKDC_PORT", String.valueOf(ports[4 * pod]));
        env.put("QMKDC_HTTP_PORT", String.valueOf(ports[4 * pod + 1]));
        env.put("QMKDC_METRICS_PORT", String.valueOf(ports[4 * pod + 2]));
        env.put("QMKDC_MANAGEMENT_PORT", String.valueOf(ports[4 * pod + 3]));
        env.put("QMKDC_JAVA_OPTS", "-Xmx384m -XX:+UseSerialGC -XX:TieredStopAtLevel=1"); // three pods on two cores
        env.put("TEST_JAVA", NodeProcesses.java());
        env.put("TEST_CLASS_PATH", NodeProcesses.classPath());
        return env;
    }

    private static final Pattern REF = Pattern.compile("\\$\\(([A-Za-z_][A-Za-z0-9_]*)\\)");

    /** The kubelet's expansion: $(VAR) of a variable defined before, else left as it is. */
    static String expand(String value, Map<String, String> env) {
        Matcher m = REF.matcher(value);
        StringBuilder b = new StringBuilder();
        while (m.find()) {
            String v = env.get(m.group(1));
            m.appendReplacement(b, Matcher.quoteReplacement(v == null ? m.group() : v));
        }
        return m.appendTail(b).toString();
    }
}
