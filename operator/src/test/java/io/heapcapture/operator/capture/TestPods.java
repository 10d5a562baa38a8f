package io.heapcapture.operator.capture;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.heapcapture.sidecar.api.SidecarApi;
import java.util.ArrayList;
import java.util.List;

/** Pods as the API server returns them, in the shapes that planning and stepping tell apart. */
public final class TestPods {
  public static final String NAMESPACE = "shop";

  private TestPods() {}

  /** Running, with one application container "app" and a ready sidecar. */
  static Pod ready(String name) {
    return builder(name, "uid-" + name, "10.0.0.11", true, true, "app").build();
  }

  static Pod ready(String name, String uid, String ip, String... appContainers) {
    return builder(name, uid, ip, true, true, appContainers).build();
  }

  /** Running, but the sidecar container is not ready yet. */
  static Pod sidecarNotReady(String name) {
    return builder(name, "uid-" + name, "10.0.0.11", true, false, "app").build();
  }

  /** Running, without a heapcapture container. */
  static Pod withoutSidecar(String name) {
    return builder(name, "uid-" + name, "10.0.0.11", false, false, "app").build();
  }

  private static PodBuilder builder(
      String name,
      String uid,
      String ip,
      boolean sidecar,
      boolean sidecarReady,
      String... appContainers) {
    List<Container> containers = new ArrayList<>();
    List<ContainerStatus> statuses = new ArrayList<>();
    for (String app : appContainers) {
      containers.add(new ContainerBuilder().withName(app).withImage("shop/" + app).build());
      statuses.add(
          new ContainerStatusBuilder()
              .withName(app)
              .withReady(true)
              .withContainerID("containerd://" + app + "-" + uid)
              .build());
    }
    if (sidecar) {
      containers.add(
          new ContainerBuilder()
              .withName(SidecarApi.CONTAINER_NAME)
              .addNewPort()
              .withName(SidecarApi.CONTAINER_NAME)
              .withContainerPort(SidecarApi.DEFAULT_PORT)
              .endPort()
              .build());
      statuses.add(
          new ContainerStatusBuilder()
              .withName(SidecarApi.CONTAINER_NAME)
              .withReady(sidecarReady)
              .build());
    }
    return new PodBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(NAMESPACE)
        .withUid(uid)
        .endMetadata()
        .withNewSpec()
        .withContainers(containers)
        .endSpec()
        .withNewStatus()
        .withPhase("Running")
        .withPodIP(ip)
        .withContainerStatuses(statuses)
        .endStatus();
  }
}
