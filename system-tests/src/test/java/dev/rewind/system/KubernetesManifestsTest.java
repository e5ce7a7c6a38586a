package dev.rewind.system;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

import dev.rewind.events.ConsumerGroups;
import dev.rewind.events.Topics;
import dev.rewind.testing.ServiceProcess;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Renders each overlay with {@code kubectl kustomize} and checks what an operator would otherwise find
 * out at apply time: every object well-formed for its kind, selectors matching labels, probes and ports
 * matching the services, every setting the services need provided, every topic of the contract
 * present with its ACLs, and no Secret holding a value.
 */
class KubernetesManifestsTest {
    static final List<String> SERVICES = List.of("incident-service", "executor-service", "verifier-service", "notifier-service");
    static final Map<String, String> API_VERSIONS = Map.ofEntries(
            Map.entry("Namespace", "v1"), Map.entry("ServiceAccount", "v1"), Map.entry("Service", "v1"), Map.entry("ConfigMap", "v1"),
            Map.entry("Secret", "v1"), Map.entry("PersistentVolumeClaim", "v1"), Map.entry("Deployment", "apps/v1"),
            Map.entry("Role", "rbac.authorization.k8s.io/v1"), Map.entry("RoleBinding", "rbac.authorization.k8s.io/v1"),
            Map.entry("NetworkPolicy", "networking.k8s.io/v1"), Map.entry("PodDisruptionBudget", "policy/v1"),
            Map.entry("Kafka", "kafka.strimzi.io/v1beta2"), Map.entry("KafkaNodePool", "kafka.strimzi.io/v1beta2"),
            Map.entry("KafkaTopic", "kafka.strimzi.io/v1beta2"), Map.entry("KafkaUser", "kafka.strimzi.io/v1beta2"),
            Map.entry("Cluster", "postgresql.cnpg.io/v1"));
    /** Settings each service cannot start without, as property names (env or ConfigMap key). */
    static final Map<String, List<String>> REQUIRED_SETTINGS = Map.of(
            "incident-service", List.of("kafka.bootstrap.servers", "quarkus.datasource.jdbc.url", "mp.jwt.verify.publickey.location",
                    "rewind.policy.path"),
            "executor-service", List.of("kafka.bootstrap.servers", "quarkus.datasource.jdbc.url", "mp.jwt.verify.publickey.location",
                    "rewind.deployments.path"),
            "verifier-service", List.of("kafka.bootstrap.servers", "quarkus.datasource.jdbc.url", "mp.jwt.verify.publickey.location",
                    "rewind.verification.path", "rewind.verifier.knowledge-mcp.url"),
            "notifier-service", List.of("kafka.bootstrap.servers", "quarkus.datasource.jdbc.url", "mp.jwt.verify.publickey.location",
                    "rewind.contacts.path", "quarkus.mailer.host", "quarkus.mailer.port", "rewind.notifier.incident-service-url"));

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"dev", "prod"})
    void the_overlay_renders_into_objects_that_fit_together(String overlay) throws Exception {
        List<Map<String, Object>> objects = render(overlay);
        String namespace = overlay.equals("prod") ? "rewind" : "rewind-dev";

        for (Map<String, Object> object : objects) {
            String kind = (String) object.get("kind");
            assertThat(API_VERSIONS).as("a kind we know: %s", kind).containsKey(kind);
            assertThat(object.get("apiVersion")).as("apiVersion of %s", name(object)).isEqualTo(API_VERSIONS.get(kind));
            assertThat(name(object)).matches("[a-z0-9]([-a-z0-9.]*[a-z0-9])?");
            if (!kind.equals("Namespace")) {
                assertThat(map(object, "metadata").get("namespace")).as("namespace of %s", name(object)).isEqualTo(namespace);
            }
        }

        for (String service : SERVICES) {
            Map<String, Object> deployment = one(objects, "Deployment", service);
            Map<String, Object> spec = map(deployment, "spec");
            Map<String, Object> template = map(spec, "template");
            Map<String, Object> podLabels = map(map(template, "metadata"), "labels");
            assertThat(podLabels).as("%s pods carry the selector's labels", service).containsAllEntriesOf(map(map(spec, "selector"), "matchLabels"));
            Map<String, Object> serviceSpec = map(one(objects, "Service", service), "spec");
            assertThat(podLabels).as("the Service selects %s's pods", service).containsAllEntriesOf(map(serviceSpec, "selector"));

            Map<String, Object> pod = map(template, "spec");
            assertThat(pod.get("serviceAccountName")).isEqualTo(service);
            one(objects, "ServiceAccount", service);
            assertThat(map(pod, "securityContext")).containsEntry("runAsNonRoot", true);
            Map<String, Object> container = list(pod, "containers").get(0);
            assertThat(map(container, "securityContext")).containsEntry("readOnlyRootFilesystem", true).containsEntry("allowPrivilegeEscalation", false);
            assertThat(list(container, "volumeMounts")).anySatisfy(m -> assertThat(m.get("mountPath")).isEqualTo("/tmp"));
            Map<String, Object> port = list(container, "ports").get(0);
            assertThat(list(serviceSpec, "ports").get(0).get("targetPort")).isEqualTo(port.get("name"));
            Map<String, Object> env = environment(container);
            assertThat(env.get("QUARKUS_HTTP_PORT")).isEqualTo(String.valueOf(port.get("containerPort")));
            for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
                Map<String, Object> get = map(map(container, probe), "httpGet");
                assertThat(get.get("port")).as("%s %s port", service, probe).isEqualTo(port.get("name"));
                assertThat((String) get.get("path")).as("%s %s path", service, probe)
                        .isEqualTo("/q/health/" + Map.of("startupProbe", "started", "livenessProbe", "live", "readinessProbe", "ready").get(probe));
            }
            Map<String, Object> limits = map(map(container, "resources"), "limits");
            assertThat(limits).containsKeys("memory", "cpu");
            assertThat(map(map(template, "metadata"), "annotations")).containsEntry("prometheus.io/path", "/q/metrics");

            Set<String> settings = new HashSet<>(env.keySet());
            for (Map<String, Object> source : list(container, "envFrom")) {
                String configMap = (String) map(source, "configMapRef").get("name");
                settings.addAll(map(one(objects, "ConfigMap", configMap), "data").keySet());
            }
            for (String required : REQUIRED_SETTINGS.get(service)) {
                String asEnv = required.toUpperCase().replaceAll("[^A-Z0-9]", "_");
                assertThat(settings.contains(required) || settings.contains(asEnv)).as("%s gets %s", service, required).isTrue();
            }
            assertThat(env).as("%s database user", service).containsKeys("QUARKUS_DATASOURCE_USERNAME", "QUARKUS_DATASOURCE_PASSWORD");
            for (Map<String, Object> volume : list(pod, "volumes")) {
                if (volume.containsKey("configMap")) {
                    one(objects, "ConfigMap", (String) map(volume, "configMap").get("name"));
                }
                if (volume.containsKey("secret")) {
                    one(objects, "Secret", (String) map(volume, "secret").get("secretName"));
                }
                if (volume.containsKey("persistentVolumeClaim")) {
                    one(objects, "PersistentVolumeClaim", (String) map(volume, "persistentVolumeClaim").get("claimName"));
                }
            }
        }
        assertThat(map(one(objects, "Deployment", "executor-service"), "spec").get("replicas")).isEqualTo(overlay.equals("prod") ? 2 : 1);
        assertThat(String.valueOf(map(one(objects, "PersistentVolumeClaim", "rewind-executor-data"), "spec").get("accessModes")))
                .as("every executor instance sees the same trees").isEqualTo("[ReadWriteMany]");
        Map<String, Object> executorData = mountOf(objects, "executor-service", "rewind-executor-data");
        Map<String, Object> verifierData = mountOf(objects, "verifier-service", "rewind-executor-data");
        assertThat(verifierData.get("mountPath")).as("the verifier reads staging and target where the executor writes them")
                .isEqualTo(executorData.get("mountPath"));
        assertThat(verifierData).containsEntry("readOnly", true);

        Map<String, Object> operatorFiles = map(objects.stream().filter(o -> "ConfigMap".equals(o.get("kind")) && name(o).startsWith("rewind-operator-files"))
                .findFirst().orElseThrow(), "data");
        assertThat(operatorFiles).containsKeys("policy.yaml", "deployments.yaml", "verification.yaml", "contacts.yaml");

        List<String> topics = objects.stream().filter(o -> "KafkaTopic".equals(o.get("kind"))).map(o -> (String) map(o, "spec").get("topicName")).toList();
        assertThat(topics).containsExactlyInAnyOrderElementsOf(Topics.ALL);
        for (Map<String, Object> topic : objects.stream().filter(o -> "KafkaTopic".equals(o.get("kind"))).toList()) {
            assertThat(map(map(topic, "metadata"), "labels")).containsEntry("strimzi.io/cluster", name(one(objects, "Kafka", "rewind")));
            if (!Topics.SIGNALS.equals(map(topic, "spec").get("topicName"))) {
                assertThat(String.valueOf(map(map(topic, "spec"), "config").get("retention.ms"))).isEqualTo("-1");
            }
        }
        for (String service : SERVICES) {
            Map<String, Object> user = one(objects, "KafkaUser", service);
            List<String> writable = list(map(map(user, "spec"), "authorization"), "acls").stream()
                    .filter(acl -> ((List<?>) acl.get("operations")).contains("Write"))
                    .map(acl -> (String) map(acl, "resource").get("name")).toList();
            assertThat(writable).as("%s writes only what it owns", service).containsExactlyInAnyOrderElementsOf(owned(service));
        }
        for (String group : ConsumerGroups.ALL) {
            String service = SERVICES.stream().filter(group::startsWith).findFirst().orElseThrow();
            List<String> readable = list(map(map(one(objects, "KafkaUser", service), "spec"), "authorization"), "acls").stream()
                    .filter(acl -> "group".equals(map(acl, "resource").get("type")))
                    .map(acl -> (String) map(acl, "resource").get("name")).toList();
            assertThat(readable).as("%s may join its consumer group %s", service, group).contains(group);
        }
        List<Map<String, Object>> rules = list(one(objects, "Role", "executor-scales-the-workflow"), "rules");
        assertThat(rules).hasSize(2);
        assertThat(rules).filteredOn(rule -> strings(rule, "apiGroups").contains("apps")).singleElement().satisfies(rule -> {
            assertThat(strings(rule, "resources")).containsExactly("deployments");
            assertThat(strings(rule, "resourceNames")).containsExactly("ai-engineering-workflow");
            assertThat(strings(rule, "verbs")).containsExactlyInAnyOrder("get", "patch");
        });
        assertThat(rules).filteredOn(rule -> strings(rule, "apiGroups").contains("")).singleElement().satisfies(rule -> {
            assertThat(strings(rule, "resources")).containsExactly("pods");
            assertThat(strings(rule, "verbs")).containsExactly("list");
        });

        for (Map<String, Object> secret : objects.stream().filter(o -> "Secret".equals(o.get("kind"))).toList()) {
            Map<String, Object> values = new java.util.HashMap<>();
            Object stringData = secret.get("stringData");
            Object data = secret.get("data");
            if (stringData != null) {
                values.putAll(map(secret, "stringData"));
            }
            if (data != null) {
                values.putAll(map(secret, "data"));
            }
            values.forEach((key, value) -> {
                if (!key.equals("username")) {
                    assertThat(String.valueOf(value)).as("Secret %s/%s holds no value", name(secret), key).isEmpty();
                }
            });
        }
        String all = Files.readString(renderedFile(overlay));
        String devKey = Files.readString(ServiceProcess.projectRoot().resolve("dev/jwt-public.pem")).lines().skip(1).findFirst().orElseThrow();
        assertThat(all).as("the dev key is never deployed").doesNotContain(devKey);

        if (overlay.equals("prod")) {
            for (String service : SERVICES) {
                assertThat((Integer) map(one(objects, "Deployment", service), "spec").get("replicas")).isGreaterThanOrEqualTo(2);
                assertThat(map(map(one(objects, "PodDisruptionBudget", service), "spec"), "selector").toString()).contains(service);
            }
            assertThat(map(one(objects, "KafkaNodePool", "combined"), "spec").get("replicas")).isEqualTo(3);
        }
        List<String> policies = objects.stream().filter(o -> "NetworkPolicy".equals(o.get("kind"))).map(KubernetesManifestsTest::name).toList();
        assertThat(policies).contains("rewind-default-deny").containsAll(SERVICES);
    }

    static List<String> owned(String service) {
        return switch (service) {
            case "incident-service" -> List.of(Topics.INCIDENTS, Topics.AUTHORIZATIONS, Topics.SIGNALS_DLQ,
                    dlq(Topics.INCIDENTS), dlq(Topics.AUTHORIZATIONS), dlq(Topics.PHASES), dlq(Topics.VERIFICATIONS), dlq(Topics.NOTIFICATIONS));
            case "executor-service" -> List.of(Topics.PHASES, dlq(Topics.AUTHORIZATIONS), dlq(Topics.VERIFICATIONS));
            case "verifier-service" -> List.of(Topics.VERIFICATIONS, dlq(Topics.PHASES));
            default -> List.of(Topics.NOTIFICATIONS, dlq(Topics.INCIDENTS), dlq(Topics.AUTHORIZATIONS), dlq(Topics.PHASES),
                    dlq(Topics.VERIFICATIONS));
        };
    }

    static String dlq(String topic) {
        return Topics.deadLetterTopic(topic);
    }

    static Path renderedFile(String overlay) {
        return ServiceProcess.projectRoot().resolve("system-tests/target/k8s-" + overlay + ".yaml");
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> render(String overlay) throws IOException, InterruptedException {
        Path root = ServiceProcess.projectRoot();
        Path out = renderedFile(overlay);
        Files.createDirectories(out.getParent());
        Process kubectl = new ProcessBuilder("kubectl", "kustomize", root.resolve("k8s/overlays/" + overlay).toString())
                .redirectOutput(out.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        assertThat(kubectl.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(kubectl.exitValue()).as("kubectl kustomize k8s/overlays/%s", overlay).isZero();
        List<Map<String, Object>> objects = new ArrayList<>();
        for (Object document : new Yaml(new LoaderOptions()).loadAll(Files.readString(out))) {
            if (document != null) {
                objects.add((Map<String, Object>) document);
            }
        }
        assertThat(objects).isNotEmpty();
        return objects;
    }

    static Map<String, Object> environment(Map<String, Object> container) {
        Map<String, Object> env = new java.util.HashMap<>();
        for (Map<String, Object> variable : list(container, "env")) {
            env.put((String) variable.get("name"), variable.containsKey("value") ? variable.get("value") : variable.get("valueFrom"));
        }
        return env;
    }

    /** The volume mount of {@code service}'s container that mounts the claim {@code claim}. */
    private static Map<String, Object> mountOf(List<Map<String, Object>> objects, String service, String claim) {
        Map<String, Object> pod = map(map(map(one(objects, "Deployment", service), "spec"), "template"), "spec");
        String volume = list(pod, "volumes").stream().filter(v -> v.containsKey("persistentVolumeClaim")
                        && claim.equals(map(v, "persistentVolumeClaim").get("claimName")))
                .map(v -> (String) v.get("name")).findFirst().orElseThrow(() -> new AssertionError(service + " mounts no claim " + claim));
        return list(list(pod, "containers").get(0), "volumeMounts").stream().filter(m -> volume.equals(m.get("name"))).findFirst()
                .orElseThrow(() -> new AssertionError(service + " has the volume " + volume + " but does not mount it"));
    }

    static Map<String, Object> one(List<Map<String, Object>> objects, String kind, String name) {
        List<Map<String, Object>> found = objects.stream().filter(o -> kind.equals(o.get("kind")) && name.equals(name(o))).toList();
        assertThat(found).as("%s %s", kind, name).hasSize(1);
        return found.get(0);
    }

    static String name(Map<String, Object> object) {
        return (String) map(object, "metadata").get("name");
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Map<String, Object> parent, String key) {
        Object value = parent.get(key);
        assertThat(value).as("field %s", key).isInstanceOf(Map.class);
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    static List<String> strings(Map<String, Object> parent, String key) {
        return (List<String>) parent.get(key);
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> list(Map<String, Object> parent, String key) {
        Object value = parent == null ? null : parent.get(key);
        return value == null ? List.of() : (List<Map<String, Object>>) value;
    }
}
