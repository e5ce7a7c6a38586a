package dev.rewind.executor.workload;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Scales a Kubernetes Deployment to 0 and back through {@code kubectl} (in-cluster it uses the pod's
 * service account; the Role in k8s/ allows exactly this). The replica count before the stop is reported
 * by {@link #stop()} and restored by {@link #start}.
 */
public final class KubernetesController implements WorkloadController {
    private static final Duration WAIT = Duration.ofMinutes(5);

    private final String namespace;
    private final String deployment;

    public KubernetesController(String namespace, String deployment) {
        this.namespace = namespace;
        this.deployment = deployment;
    }

    @Override
    public Map<String, String> stop() throws IOException, InterruptedException {
        String replicas = kubectl("get", "deployment", deployment, "-o", "jsonpath={.spec.replicas}").trim();
        kubectl("scale", "deployment", deployment, "--replicas=0");
        awaitReadyReplicas("0");
        return Map.of("controller", "kubernetes", "deployment", deployment, "replicas", replicas.isEmpty() ? "1" : replicas);
    }

    @Override
    public Map<String, String> start(Map<String, String> stopped) throws IOException, InterruptedException {
        String replicas = stopped.getOrDefault("replicas", "1");
        kubectl("scale", "deployment", deployment, "--replicas=" + replicas);
        kubectl("rollout", "status", "deployment/" + deployment, "--timeout=" + WAIT.toSeconds() + "s");
        return Map.of("controller", "kubernetes", "deployment", deployment, "replicas", replicas);
    }

    private void awaitReadyReplicas(String expected) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(WAIT);
        while (Instant.now().isBefore(deadline)) {
            String ready = kubectl("get", "deployment", deployment, "-o", "jsonpath={.status.replicas}").trim();
            if (ready.isEmpty() || ready.equals(expected)) {
                return;
            }
            Thread.sleep(1000);
        }
        throw new IOException("deployment " + deployment + " did not scale to " + expected + " within " + WAIT);
    }

    private String kubectl(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("kubectl"));
        if (namespace != null) {
            command.addAll(List.of("-n", namespace));
        }
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + new String(output, StandardCharsets.UTF_8).trim());
        }
        return new String(output, StandardCharsets.UTF_8);
    }
}
