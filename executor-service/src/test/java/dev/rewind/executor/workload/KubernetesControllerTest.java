package dev.rewind.executor.workload;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The kubernetes controller against an API server on a real port (fabric8's, in CRUD mode: it stores
 * what it is sent and serves it back, over HTTP, as the API does). A small stand-in for the Deployment
 * controller runs beside it, turning spec.replicas into pods and status, a few polls late as a real
 * one is.
 */
@EnableKubernetesMockClient(crud = true)
class KubernetesControllerTest {
    private static final String NAMESPACE = "ai";
    private static final Map<String, String> LABELS = Map.of("app", "ai-workflow");

    KubernetesClient client;
    private ScheduledExecutorService deploymentController;

    @BeforeEach
    void createDeployment() {
        client.apps().deployments().inNamespace(NAMESPACE).resource(new DeploymentBuilder()
                .withNewMetadata().withName("ai-workflow").withNamespace(NAMESPACE).endMetadata()
                .withNewSpec().withReplicas(3).withNewSelector().withMatchLabels(LABELS).endSelector()
                .withNewTemplate().withNewMetadata().withLabels(LABELS).endMetadata()
                .withNewSpec().addNewContainer().withName("workflow").withImage("ai-workflow:2.0.0").endContainer().endSpec()
                .endTemplate().endSpec()
                .build()).create();
        reconcile();
    }

    @AfterEach
    void stopDeploymentController() {
        if (deploymentController != null) {
            deploymentController.shutdownNow();
        }
    }

    @Test
    void stop_scales_to_zero_and_waits_for_the_pods_then_start_brings_the_same_replicas_back() throws Exception {
        runDeploymentController();
        KubernetesController controller = new KubernetesController(client, NAMESPACE, "ai-workflow", Duration.ofSeconds(20));

        Map<String, String> stopped = controller.stop();

        assertThat(stopped).containsEntry("replicas", "3").containsEntry("deployment", "ai-workflow");
        assertThat(pods()).isEmpty();
        assertThat(deployment().getSpec().getReplicas()).isZero();
        assertThat(deployment().getMetadata().getAnnotations()).containsEntry(KubernetesController.REPLICAS_ANNOTATION, "3");

        Map<String, String> started = controller.start(stopped);

        assertThat(started).containsEntry("replicas", "3");
        assertThat(pods()).hasSize(3);
        assertThat(deployment().getStatus().getReadyReplicas()).isEqualTo(3);
        assertThat(deployment().getMetadata().getAnnotations()).doesNotContainKey(KubernetesController.REPLICAS_ANNOTATION);
    }

    @Test
    void a_stop_repeated_after_a_crash_remembers_the_replicas_from_before_the_first() throws Exception {
        runDeploymentController();
        KubernetesController controller = new KubernetesController(client, NAMESPACE, "ai-workflow", Duration.ofSeconds(20));
        controller.stop();

        Map<String, String> again = new KubernetesController(client, NAMESPACE, "ai-workflow", Duration.ofSeconds(20)).stop();

        assertThat(again).containsEntry("replicas", "3");
    }

    @Test
    void pods_that_do_not_go_away_fail_the_stop_after_the_timeout() {
        KubernetesController controller = new KubernetesController(client, NAMESPACE, "ai-workflow", Duration.ofSeconds(2));

        assertThatThrownBy(controller::stop).hasMessageContaining("no pod of deployment ai/ai-workflow left");
    }

    @Test
    void a_missing_deployment_is_named() {
        KubernetesController controller = new KubernetesController(client, NAMESPACE, "no-such-workflow", Duration.ofSeconds(2));

        assertThatThrownBy(controller::stop).hasMessageContaining("deployment ai/no-such-workflow does not exist");
    }

    private void runDeploymentController() {
        deploymentController = Executors.newSingleThreadScheduledExecutor();
        deploymentController.scheduleWithFixedDelay(this::reconcile, 300, 300, TimeUnit.MILLISECONDS);
    }

    /** One pass of a Deployment controller: pods up or down to spec.replicas, one at a time; status to match. */
    private void reconcile() {
        Deployment deployment = deployment();
        int desired = deployment.getSpec().getReplicas();
        List<Pod> pods = pods();
        if (pods.size() > desired) {
            client.pods().inNamespace(NAMESPACE).resource(pods.get(0)).delete();
        } else if (pods.size() < desired) {
            client.pods().inNamespace(NAMESPACE).resource(new PodBuilder()
                    .withNewMetadata().withGenerateName("ai-workflow-").withName("ai-workflow-" + System.nanoTime())
                    .withLabels(LABELS).endMetadata().build()).create();
        }
        int running = pods().size();
        client.apps().deployments().inNamespace(NAMESPACE).withName("ai-workflow").editStatus(d -> new DeploymentBuilder(d)
                .withNewStatus().withReplicas(running).withReadyReplicas(running).endStatus().build());
    }

    private Deployment deployment() {
        return client.apps().deployments().inNamespace(NAMESPACE).withName("ai-workflow").get();
    }

    private List<Pod> pods() {
        return client.pods().inNamespace(NAMESPACE).withLabels(LABELS).list().getItems();
    }
}
