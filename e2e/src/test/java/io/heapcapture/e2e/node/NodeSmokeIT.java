package io.heapcapture.e2e.node;

import static io.heapcapture.e2e.node.TestPods.await;
import static io.heapcapture.e2e.node.TestPods.awaitLog;
import static io.heapcapture.e2e.node.TestPods.testbox;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.EphemeralContainerBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What the kubelet stand-in cannot show, on the real node: pods from imported images, shared
 * process namespaces, ephemeral containers, emptyDir volumes, the scheduler and controller-manager
 * at work, the pod network and kube-proxy, and memory limits that the kernel enforces.
 */
class NodeSmokeIT {
  @RegisterExtension static final RealNode NODE = new RealNode("node-smoke");

  private final KubernetesClient client = NODE.client();
  private final String namespace = NODE.namespace();

  @Test
  void aPodFromAnImportedImageRunsAndItsIpAnswersTheHost() {
    create("web", spec().addToContainers(testbox("web", "serve", "8080", "hello-from-web")));

    Pod running = TestPods.running(client, namespace, "web");

    assertThat(running.getSpec().getNodeName()).isEqualTo(NODE.node().nodeName());
    assertThat(running.getStatus().getPodIP()).startsWith("10.244.0.");
    await()
        .until(
            () -> TestPods.httpGet("http://" + running.getStatus().getPodIP() + ":8080"),
            body -> body.equals(Optional.of("hello-from-web")));
  }

  @Test
  void aClusterIpLeadsThroughKubeProxyToThePod() {
    create(
        "backend",
        Map.of("app", "backend"),
        spec().addToContainers(testbox("backend", "serve", "8080", "hello-from-backend")));
    Service service =
        client
            .services()
            .inNamespace(namespace)
            .resource(
                new ServiceBuilder()
                    .withNewMetadata()
                    .withName("backend")
                    .endMetadata()
                    .withNewSpec()
                    .addToSelector("app", "backend")
                    .addNewPort()
                    .withPort(80)
                    .withNewTargetPort(8080)
                    .endPort()
                    .endSpec()
                    .build())
            .create();
    String clusterIp = service.getSpec().getClusterIP();
    TestPods.running(client, namespace, "backend");

    assertThat(clusterIp).isNotEqualTo("None");
    await()
        .until(
            () -> TestPods.httpGet("http://" + clusterIp + ":80"),
            body -> body.equals(Optional.of("hello-from-backend")));
  }

  @Test
  void aPodReachesTheApiServerAtTheKubernetesServiceIp() {
    create("api-client", spec().addToContainers(testbox("dial", "dial", "10.96.0.1:443", "60")));

    assertThat(awaitLog(client, namespace, "api-client", "dial", "10.96.0.1:443"))
        .contains("connected 10.96.0.1:443");
  }

  @Test
  void aSharedProcessNamespaceShowsOneContainerTheOthersProcesses() {
    create(
        "shared",
        spec()
            .withShareProcessNamespace(true)
            .addToContainers(testbox("app", "serve", "8081", "needle-in-app"))
            .addToContainers(testbox("watcher", "find", "needle-in-app", "60")));
    // Without sharing, the same watcher must not find it: the test can tell the two apart.
    create(
        "separate",
        spec()
            .addToContainers(testbox("app", "serve", "8081", "needle-in-app"))
            .addToContainers(testbox("watcher", "find", "needle-in-app", "5")));

    assertThat(awaitLog(client, namespace, "shared", "watcher", "needle-in-app"))
        .contains("found needle-in-app");
    assertThat(awaitLog(client, namespace, "separate", "watcher", "needle-in-app"))
        .contains("absent needle-in-app");
  }

  @Test
  void anEphemeralContainerTargetingTheAppSeesItsProcesses() {
    create(
        "debuggee", spec().addToContainers(testbox("app", "serve", "8082", "needle-for-debugger")));
    TestPods.running(client, namespace, "debuggee");

    client
        .pods()
        .inNamespace(namespace)
        .withName("debuggee")
        .ephemeralContainers()
        .edit(
            pod -> {
              pod.getSpec()
                  .getEphemeralContainers()
                  .add(
                      new EphemeralContainerBuilder()
                          .withName("debugger")
                          .withImage(TestboxImage.NAME)
                          .withImagePullPolicy("Never")
                          .withArgs("find", "needle-for-debugger", "60")
                          .withTargetContainerName("app")
                          .build());
              return pod;
            });

    assertThat(awaitLog(client, namespace, "debuggee", "debugger", "needle-for-debugger"))
        .contains("found needle-for-debugger");
  }

  @Test
  void anEmptyDirCarriesAFileFromOneContainerToAnother() {
    create(
        "volume",
        spec()
            .addNewVolume()
            .withName("shared")
            .withNewEmptyDir()
            .endEmptyDir()
            .endVolume()
            .addToContainers(
                withVolume(
                    testbox("writer", "write", "/shared/greeting", "hello-through-emptydir")))
            .addToContainers(withVolume(testbox("reader", "read", "/shared/greeting", "60"))));

    assertThat(awaitLog(client, namespace, "volume", "reader", "read:"))
        .contains("read: hello-through-emptydir");
  }

  @Test
  void aDeploymentsPodIsScheduledOntoTheNodeAndBecomesAvailable() {
    Deployment deployment =
        new DeploymentBuilder()
            .withNewMetadata()
            .withName("sleeper")
            .endMetadata()
            .withNewSpec()
            .withReplicas(1)
            .withNewSelector()
            .addToMatchLabels("app", "sleeper")
            .endSelector()
            .withNewTemplate()
            .withNewMetadata()
            .addToLabels("app", "sleeper")
            .endMetadata()
            .withNewSpec()
            .withTerminationGracePeriodSeconds(1L)
            .addToContainers(testbox("sleeper"))
            .endSpec()
            .endTemplate()
            .endSpec()
            .build();
    client.apps().deployments().inNamespace(namespace).resource(deployment).create();

    await()
        .until(
            () -> client.apps().deployments().inNamespace(namespace).withName("sleeper").get(),
            d ->
                d.getStatus() != null
                    && Integer.valueOf(1).equals(d.getStatus().getAvailableReplicas()));
    Pod pod =
        client.pods().inNamespace(namespace).withLabel("app", "sleeper").list().getItems().get(0);
    assertThat(pod.getSpec().getNodeName()).isEqualTo(NODE.node().nodeName());
    assertThat(pod.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(owner -> assertThat(owner.getKind()).isEqualTo("ReplicaSet"));
  }

  @Test
  void aJobRunsToCompletion() {
    Job job =
        new JobBuilder()
            .withNewMetadata()
            .withName("once")
            .endMetadata()
            .withNewSpec()
            .withBackoffLimit(0)
            .withNewTemplate()
            .withNewSpec()
            .withRestartPolicy("Never")
            .addToContainers(testbox("once", "exit", "0"))
            .endSpec()
            .endTemplate()
            .endSpec()
            .build();
    client.batch().v1().jobs().inNamespace(namespace).resource(job).create();

    await()
        .until(
            () -> client.batch().v1().jobs().inNamespace(namespace).withName("once").get(),
            j ->
                j.getStatus() != null
                    && j.getStatus().getConditions() != null
                    && j.getStatus().getConditions().stream()
                        .anyMatch(
                            c -> "Complete".equals(c.getType()) && "True".equals(c.getStatus())));
    assertThat(
            client
                .batch()
                .v1()
                .jobs()
                .inNamespace(namespace)
                .withName("once")
                .get()
                .getStatus()
                .getSucceeded())
        .isEqualTo(1);
  }

  @Test
  void aContainerThatOutgrowsItsMemoryLimitIsOomKilled() {
    create(
        "hungry",
        spec()
            .withRestartPolicy("Never")
            .addToContainers(
                new ContainerBuilder(testbox("hungry", "alloc", "256"))
                    .withResources(
                        new ResourceRequirementsBuilder()
                            .withLimits(Map.of("memory", new Quantity("32Mi")))
                            .build())
                    .build()));

    ContainerStateTerminated terminated =
        TestPods.awaitTerminated(client, namespace, "hungry", "hungry");

    assertThat(terminated.getReason()).isEqualTo("OOMKilled");
    assertThat(terminated.getExitCode()).isEqualTo(137);
  }

  private static PodSpecBuilder spec() {
    return new PodSpecBuilder().withTerminationGracePeriodSeconds(1L);
  }

  private void create(String name, PodSpecBuilder spec) {
    create(name, Map.of(), spec);
  }

  private void create(String name, Map<String, String> labels, PodSpecBuilder spec) {
    Pod pod =
        new PodBuilder()
            .withNewMetadata()
            .withName(name)
            .withLabels(labels)
            .endMetadata()
            .withSpec(spec.build())
            .build();
    client.pods().inNamespace(namespace).resource(pod).create();
  }

  private static Container withVolume(Container container) {
    return new ContainerBuilder(container)
        .addNewVolumeMount()
        .withName("shared")
        .withMountPath("/shared")
        .endVolumeMount()
        .build();
  }
}
