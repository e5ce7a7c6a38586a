package dev.rewind.executor.workload;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.RollableScalableResource;

/**
 * Scales a Kubernetes Deployment to 0 and back through the API (in-cluster with the pod's service
 * account; the Role in k8s/ allows exactly this). The replica count before the stop is written to the
 * Deployment itself, as the annotation {@value #REPLICAS_ANNOTATION}, before it is scaled down: a
 * stop repeated after a crash finds it there instead of reading the 0 it set, and an operator can see
 * what Rewind will scale back to. The stop waits until no pod of the Deployment is left; the start
 * until the replicas are ready again, then removes the annotation.
 */
public final class KubernetesController implements WorkloadController {
    public static final String REPLICAS_ANNOTATION = "rewind.dev/replicas-before-rollback";
    private static final Duration POLL = Duration.ofMillis(500);
    private static final int MAX_CONFLICTS = 5;

    private final KubernetesClient client;
    private final String namespace;
    private final String name;
    private final Duration timeout;

    public KubernetesController(KubernetesClient client, String namespace, String name, Duration timeout) {
        this.client = client;
        this.namespace = namespace == null ? client.getNamespace() : namespace;
        this.name = name;
        this.timeout = timeout;
    }

    @Override
    public Map<String, String> stop() throws IOException, InterruptedException {
        Deployment current = get();
        String before = current.getMetadata().getAnnotations() == null ? null
                : current.getMetadata().getAnnotations().get(REPLICAS_ANNOTATION);
        int replicas = before != null ? Integer.parseInt(before) : replicasOf(current);
        edit(d -> new DeploymentBuilder(d)
                .editMetadata().addToAnnotations(REPLICAS_ANNOTATION, Integer.toString(replicas)).endMetadata()
                .editSpec().withReplicas(0).endSpec()
                .build());
        awaitPods("no pod of " + this + " left", List::isEmpty);
        return Map.of("controller", "kubernetes", "namespace", namespace, "deployment", name, "replicas", Integer.toString(replicas));
    }

    @Override
    public Map<String, String> start(Map<String, String> stopped) throws IOException, InterruptedException {
        int replicas = Integer.parseInt(stopped.getOrDefault("replicas", "1"));
        edit(d -> new DeploymentBuilder(d).editSpec().withReplicas(replicas).endSpec().build());
        await(replicas + " ready replicas of " + this, d -> d.getStatus() != null
                && d.getStatus().getReadyReplicas() != null && d.getStatus().getReadyReplicas() >= replicas);
        edit(d -> new DeploymentBuilder(d).editMetadata().removeFromAnnotations(REPLICAS_ANNOTATION).endMetadata().build());
        return Map.of("controller", "kubernetes", "namespace", namespace, "deployment", name, "replicas", Integer.toString(replicas));
    }

    @Override
    public String toString() {
        return "deployment " + namespace + "/" + name;
    }

    private static int replicasOf(Deployment deployment) {
        Integer replicas = deployment.getSpec() == null ? null : deployment.getSpec().getReplicas();
        return replicas == null ? 1 : replicas;
    }

    private RollableScalableResource<Deployment> deployment() {
        return client.apps().deployments().inNamespace(namespace).withName(name);
    }

    private Deployment get() throws IOException {
        Deployment deployment = call(() -> deployment().get());
        if (deployment == null) {
            throw new IOException(this + " does not exist");
        }
        return deployment;
    }

    private void await(String what, Predicate<Deployment> condition) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (!condition.test(get())) {
            pause(what, deadline);
        }
    }

    private void awaitPods(String what, Predicate<List<Pod>> condition) throws IOException, InterruptedException {
        Map<String, String> selector = get().getSpec().getSelector().getMatchLabels();
        Instant deadline = Instant.now().plus(timeout);
        while (!condition.test(call(() -> client.pods().inNamespace(namespace).withLabels(selector).list().getItems()))) {
            pause(what, deadline);
        }
    }

    private void pause(String what, Instant deadline) throws IOException, InterruptedException {
        if (Instant.now().isAfter(deadline)) {
            throw new IOException("waited " + timeout + " for " + what);
        }
        Thread.sleep(POLL.toMillis());
    }

    /**
     * Read, change, write with the read's resourceVersion; when the Deployment changed in between (409, its own
     * controller updating the status, say), read again and retry, as client-go's RetryOnConflict does.
     */
    private void edit(java.util.function.UnaryOperator<Deployment> change) throws IOException, InterruptedException {
        for (int attempt = 1; ; attempt++) {
            try {
                deployment().edit(change);
                return;
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409 || attempt == MAX_CONFLICTS) {
                    throw new IOException("Kubernetes API, " + this + ": " + e.getMessage(), e);
                }
                Thread.sleep(10L * attempt);
            }
        }
    }

    private interface ApiCall<T> {
        T run();
    }

    /** The API's refusals (403 from RBAC, 404, 409) as the step's cause, with what was asked. */
    private <T> T call(ApiCall<T> call) throws IOException {
        try {
            return call.run();
        } catch (KubernetesClientException e) {
            throw new IOException("Kubernetes API, " + this + ": " + e.getMessage(), e);
        }
    }
}
