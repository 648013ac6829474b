package io.qmkdc.deploy;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks Kubernetes manifests against the API's schemas as the fabric8 model (generated from the
 * Kubernetes OpenAPI definitions) carries them: each document's apiVersion/kind must be one of the kinds
 * used here, every field must be known to its schema (fabric8 keeps unknown ones in additionalProperties,
 * which must stay empty everywhere) and every value must have the schema's type.
 */
final class ManifestCheck {
    private static final Map<String, Class<? extends HasMetadata>> KINDS = Map.of(
            "v1/ConfigMap", ConfigMap.class,
            "v1/Service", Service.class,
            "v1/ServiceAccount", ServiceAccount.class,
            "apps/v1/StatefulSet", StatefulSet.class,
            "policy/v1/PodDisruptionBudget", PodDisruptionBudget.class,
            "rbac.authorization.k8s.io/v1/Role", Role.class,
            "rbac.authorization.k8s.io/v1/RoleBinding", RoleBinding.class);

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /** A parsed document, or the problems found in it. */
    record Result(HasMetadata resource, List<String> problems) {
    }

    private ManifestCheck() {
    }

    /** Every document of a multi-document YAML text. */
    static List<Result> check(String text) throws java.io.IOException {
        List<Result> results = new ArrayList<>();
        try (YAMLParser parser = new YAMLFactory().createParser(text)) {
            for (JsonNode doc : YAML.readValues(parser, JsonNode.class).readAll()) {
                if (doc != null && !doc.isMissingNode() && !doc.isNull()) {
                    results.add(check(doc));
                }
            }
        }
        return results;
    }

    static Result check(JsonNode doc) {
        String key = doc.path("apiVersion").asText() + "/" + doc.path("kind").asText();
        Class<? extends HasMetadata> type = KINDS.get(key);
        if (type == null) {
            return new Result(null, List.of("unknown apiVersion/kind " + key));
        }
        HasMetadata resource;
        try {
            resource = YAML.treeToValue(doc, type);
        } catch (JsonMappingException e) {
            return new Result(null, List.of(key + ": " + path(e) + ": " + e.getOriginalMessage()));
        } catch (java.io.IOException e) {
            return new Result(null, List.of(key + ": " + e.getMessage()));
        }
        List<String> problems = new ArrayList<>();
        unknownFields(resource, key, problems, new IdentityHashMap<>());
        return new Result(resource, problems);
    }

    private static String path(JsonMappingException e) {
        StringBuilder b = new StringBuilder("$");
        for (JsonMappingException.Reference r : e.getPath()) {
            b.append(r.getFieldName() != null ? "." + r.getFieldName() : "[" + r.getIndex() + "]");
        }
        return b.toString();
    }

    /** Walks the model's getters; a non-empty additionalProperties is a field the schema does not have. */
    private static void unknownFields(Object o, String path, List<String> problems, Map<Object, Boolean> seen) {
        if (o == null || seen.put(o, Boolean.TRUE) != null) {
            return;
        }
        if (o instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                unknownFields(list.get(i), path + "[" + i + "]", problems, seen);
            }
            return;
        }
        if (o instanceof Map<?, ?> map) {
            map.forEach((k, v) -> unknownFields(v, path + "." + k, problems, seen));
            return;
        }
        if (!o.getClass().getName().startsWith("io.fabric8.")) {
            return;
        }
        for (Method m : o.getClass().getMethods()) {
            if (m.getParameterCount() != 0 || Modifier.isStatic(m.getModifiers()) || !m.getName().startsWith("get")
                    || m.getDeclaringClass() == Object.class) {
                continue;
            }
            Object value;
            try {
                value = m.invoke(o);
            } catch (ReflectiveOperationException e) {
                continue;
            }
            String field = Character.toLowerCase(m.getName().charAt(3)) + m.getName().substring(4);
            if (field.equals("additionalProperties")) {
                if (value instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    problems.add(path + ": unknown field(s) " + extra.keySet());
                }
            } else {
                unknownFields(value, path + "." + field, problems, seen);
            }
        }
    }
}
