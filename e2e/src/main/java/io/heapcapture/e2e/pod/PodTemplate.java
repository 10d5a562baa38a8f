package io.heapcapture.e2e.pod;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.heapcapture.sidecar.api.SidecarApi;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The Pod object of a stand-in pod, and the status a kubelet would write for it. */
final class PodTemplate {
  static final String APP_CONTAINER = "app";

  private PodTemplate() {}

  static Pod pod(String namespace, String name, Map<String, String> labels, boolean withSidecar) {
    PodBuilder pod =
        new PodBuilder()
            .withNewMetadata()
            .withName(name)
            .withNamespace(namespace)
            .withLabels(labels)
            .endMetadata()
            .withNewSpec()
            .withShareProcessNamespace(true)
            .addNewContainer()
            .withName(APP_CONTAINER)
            .withImage("example.local/leaky-demo:dev")
            .endContainer()
            .endSpec();
    if (withSidecar) {
      pod.editSpec()
          .addNewContainer()
          .withName(SidecarApi.CONTAINER_NAME)
          .withImage("example.local/heapcapture-sidecar:dev")
          .addNewPort()
          .withName(SidecarApi.CONTAINER_NAME)
          .withContainerPort(SidecarApi.DEFAULT_PORT)
          .endPort()
          .endContainer()
          .endSpec();
    }
    return pod.build();
  }

  static PodStatus running(Pod pod, String ip) {
    String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    List<ContainerStatus> containers = new ArrayList<>();
    pod.getSpec()
        .getContainers()
        .forEach(
            c ->
                containers.add(
                    new ContainerStatusBuilder()
                        .withName(c.getName())
                        .withImage(c.getImage())
                        .withImageID("")
                        .withContainerID(
                            "local://" + pod.getMetadata().getName() + "-" + c.getName())
                        .withReady(true)
                        .withStarted(true)
                        .withRestartCount(0)
                        .withNewState()
                        .withNewRunning()
                        .withStartedAt(now)
                        .endRunning()
                        .endState()
                        .build()));
    return new PodStatusBuilder()
        .withPhase("Running")
        .withPodIP(ip)
        .addNewPodIP(ip)
        .withHostIP("127.0.0.1")
        .withStartTime(now)
        .addNewCondition()
        .withType("Ready")
        .withStatus("True")
        .withLastTransitionTime(now)
        .endCondition()
        .withContainerStatuses(containers)
        .build();
  }
}
