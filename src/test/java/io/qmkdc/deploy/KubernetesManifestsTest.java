package io.qmkdc.deploy;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.qmkdc.cluster.NodeManagement;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.Test;

/**
 * Every manifest under deploy/k8s against the Kubernetes API schemas (the fabric8 model, see {@link ManifestCheck}),
 * then what the schemas cannot see: the objects agree with each other and with the node's Akka Management.
 * {@code ManifestNodeSystemTest} runs the container's command line.
 */
public class KubernetesManifestsTest {
    static final Path K8S = Path.of("deploy/k8s");

    static List<HasMetadata> resources() throws Exception {
        List<HasMetadata> all = new ArrayList<>();
        try (Stream<Path> files = Files.list(K8S)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
                for (ManifestCheck.Result r : ManifestCheck.check(Files.readString(f))) {
                    assertEquals(f + ": " + r.problems(), List.of(), r.problems());
                    all.add(r.resource());
                }
            }
        }
        return all;
    }

    static <T extends HasMetadata> T one(List<HasMetadata> all, Class<T> type) {
        List<T> found = all.stream().filter(type::isInstance).map(type::cast).toList();
        assertEquals(type.getSimpleName() + " in deploy/k8s", 1, found.size());
        return found.get(0);
    }

    @Test
    public void everyManifestMatchesTheKubernetesSchemas() throws Exception {
        List<HasMetadata> all = resources();
        Set<String> kinds = all.stream().map(HasMetadata::getKind).collect(Collectors.toSet());
        assertEquals(Set.of("ConfigMap", "Service", "StatefulSet", "PodDisruptionBudget", "ServiceAccount", "Role",
                "RoleBinding"), kinds);
    }

    @Test
    public void theCheckFindsTyposWrongTypesAndUnknownKinds() throws Exception {
        String set = Files.readString(K8S.resolve("statefulset.yaml"));
        assertTrue(ManifestCheck.check(set).stream().allMatch(r -> r.problems().isEmpty()));
        assertProblem(set.replace("readinessProbe:", "readinesProbe:"), "unknown field(s) [readinesProbe]");
        assertProblem(set.replace("containerPort: 7626", "containerPort: [7626]"), "containerPort");
        assertProblem(set.replace("kind: StatefulSet", "kind: StatefulSett"), "unknown apiVersion/kind apps/v1/StatefulSett");
        assertProblem(set.replace("fieldPath: status.podIP", "fieldPath: status.podIP\n                  extra: 1"),
                "unknown field(s) [extra]");
    }

    private static void assertProblem(String text, String expected) throws Exception {
        List<String> problems = ManifestCheck.check(text).stream().flatMap(r -> r.problems().stream()).toList();
        assertTrue("expected '" + expected + "' in " + problems, problems.stream().anyMatch(p -> p.contains(expected)));
    }

    @Test
    public void theObjectsAgreeWithEachOtherAndWithTheNode() throws Exception {
        List<HasMetadata> all = resources();
        StatefulSet set = one(all, StatefulSet.class);
        Service service = one(all, Service.class);
        ConfigMap config = one(all, ConfigMap.class);
        for (HasMetadata r : all) {
            assertEquals(r.getKind() + " label", NodeManagement.SERVICE, r.getMetadata().getLabels().get("app.kubernetes.io/name"));
        }
        // The headless Service selects the pods; Kubernetes API discovery selects them by the same label.
        assertEquals("None", service.getSpec().getClusterIP());
        assertEquals(service.getMetadata().getName(), set.getSpec().getServiceName());
        assertEquals(service.getSpec().getSelector(), set.getSpec().getTemplate().getMetadata().getLabels());
        assertEquals(Map.of("app.kubernetes.io/name", NodeManagement.SERVICE), service.getSpec().getSelector());

        // The pods run as the ServiceAccount that the RoleBinding gives the Role that may list pods.
        ServiceAccount account = one(all, ServiceAccount.class);
        Role role = one(all, Role.class);
        RoleBinding binding = one(all, RoleBinding.class);
        assertEquals(account.getMetadata().getName(), set.getSpec().getTemplate().getSpec().getServiceAccountName());
        assertEquals(role.getMetadata().getName(), binding.getRoleRef().getName());
        assertEquals("Role", binding.getRoleRef().getKind());
        assertEquals(account.getMetadata().getName(), binding.getSubjects().get(0).getName());
        PolicyRule rule = role.getRules().get(0);
        assertEquals(List.of("pods"), rule.getResources());
        assertTrue(rule.getVerbs().containsAll(List.of("get", "list", "watch")));
        assertFalse("read only", rule.getVerbs().stream().anyMatch(v -> Set.of("create", "update", "patch", "delete").contains(v)));

        // The probes are Akka Management's health checks on the container's management port, the port the ConfigMap
        // gives the node and the Service names for DNS discovery.
        Container c = set.getSpec().getTemplate().getSpec().getContainers().get(0);
        Map<String, Integer> ports = c.getPorts().stream().collect(Collectors.toMap(ContainerPort::getName, ContainerPort::getContainerPort));
        Map<String, String> data = config.getData();
        assertEquals(Integer.valueOf(data.get("QMKDC_PORT")), ports.get("artery"));
        assertEquals(Integer.valueOf(data.get("QMKDC_METRICS_PORT")), ports.get("metrics"));
        assertEquals(Integer.valueOf(data.get("QMKDC_MANAGEMENT_PORT")), ports.get("management"));
        assertTrue(service.getSpec().getPorts().stream().anyMatch(p -> "management".equals(p.getName())
                && p.getPort().equals(ports.get("management"))));
        assertHealthCheck(c.getReadinessProbe(), "/ready");
        assertHealthCheck(c.getLivenessProbe(), "/alive");

        Map<String, String> env = c.getEnv().stream().filter(e -> e.getValue() != null)
                .collect(Collectors.toMap(e -> e.getName(), e -> e.getValue()));
        assertEquals("kubernetes-api", env.get("QMKDC_DISCOVERY"));
        assertEquals("$(POD_IP)", env.get("QMKDC_MANAGEMENT_HOST"));
        assertTrue(c.getEnv().stream().anyMatch(e -> "POD_IP".equals(e.getName()) && e.getValueFrom() != null
                && "status.podIP".equals(e.getValueFrom().getFieldRef().getFieldPath())));
        assertEquals(List.of("/bin/sh", "-c"), c.getCommand());
        assertTrue(c.getArgs().get(0), c.getArgs().get(0).contains("--management-port \"$QMKDC_MANAGEMENT_PORT\""));
    }

    private static void assertHealthCheck(Probe probe, String path) {
        assertNotNull(path, probe.getHttpGet());
        assertEquals(path, probe.getHttpGet().getPath());
        assertEquals("management", probe.getHttpGet().getPort().getStrVal());
        assertEquals("no TCP probe beside it", null, probe.getTcpSocket());
    }
}
