package io.heapcapture.operator.capture;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.heapcapture.operator.sidecar.SidecarEndpoint;
import io.heapcapture.sidecar.api.SidecarApi;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** A pod seen as a capture target: does it have a sidecar, is it ready, where does it listen. */
public record TargetPod(Pod pod) {
  public String name() {
    return pod.getMetadata().getName();
  }

  public String uid() {
    return pod.getMetadata().getUid();
  }

  /**
   * The workload the pod belongs to, as {@code Kind/name} of its controller (e.g. {@code
   * ReplicaSet/shop-7d4b9}), or {@code Pod/name} when nothing controls it.
   */
  public String workload() {
    List<OwnerReference> owners = pod.getMetadata().getOwnerReferences();
    if (owners != null) {
      for (OwnerReference owner : owners) {
        if (Boolean.TRUE.equals(owner.getController())) {
          return owner.getKind() + "/" + owner.getName();
        }
      }
    }
    return "Pod/" + name();
  }

  /** The sidecar container, as a regular container or a native sidecar (restartable init). */
  public Optional<Container> sidecar() {
    return allContainers().filter(c -> SidecarApi.CONTAINER_NAME.equals(c.getName())).findFirst();
  }

  public boolean hasSidecar() {
    return sidecar().isPresent();
  }

  /** Running, with an IP: an ephemeral container can join it. */
  public boolean running() {
    return pod.getStatus() != null
        && "Running".equals(pod.getStatus().getPhase())
        && pod.getStatus().getPodIP() != null;
  }

  /** Running, with an IP, and the sidecar container reports ready. */
  public boolean sidecarReady() {
    if (pod.getStatus() == null
        || !"Running".equals(pod.getStatus().getPhase())
        || pod.getStatus().getPodIP() == null) {
      return false;
    }
    return containerStatus(SidecarApi.CONTAINER_NAME)
        .map(s -> Boolean.TRUE.equals(s.getReady()))
        .orElse(false);
  }

  public SidecarEndpoint sidecarEndpoint() {
    int port =
        sidecar().stream()
            .flatMap(c -> c.getPorts() == null ? Stream.empty() : c.getPorts().stream())
            .filter(p -> SidecarApi.CONTAINER_NAME.equals(p.getName()))
            .map(ContainerPort::getContainerPort)
            .findFirst()
            .orElse(SidecarApi.DEFAULT_PORT);
    return new SidecarEndpoint(pod.getStatus().getPodIP(), port);
  }

  /** Every port a container of the pod declares. */
  public Set<Integer> declaredPorts() {
    return allContainers()
        .flatMap(c -> c.getPorts() == null ? Stream.empty() : c.getPorts().stream())
        .map(ContainerPort::getContainerPort)
        .collect(Collectors.toSet());
  }

  /** Whether the pod's spec has the ephemeral container {@code name}. */
  public boolean hasEphemeralContainer(String name) {
    return nullSafe(pod.getSpec().getEphemeralContainers()).anyMatch(c -> name.equals(c.getName()));
  }

  /** The state of the ephemeral container {@code name}, once the kubelet reported one. */
  public Optional<ContainerState> ephemeralState(String name) {
    if (pod.getStatus() == null) {
      return Optional.empty();
    }
    return nullSafe(pod.getStatus().getEphemeralContainerStatuses())
        .filter(s -> name.equals(s.getName()))
        .map(ContainerStatus::getState)
        .filter(Objects::nonNull)
        .findFirst();
  }

  /** Where the ephemeral agent {@code name} listens: the port its HEAPCAPTURE_LISTEN names. */
  public Optional<SidecarEndpoint> ephemeralEndpoint(String name) {
    if (pod.getStatus() == null || pod.getStatus().getPodIP() == null) {
      return Optional.empty();
    }
    return nullSafe(pod.getSpec().getEphemeralContainers())
        .filter(c -> name.equals(c.getName()))
        .flatMap(c -> nullSafe(c.getEnv()))
        .filter(e -> "HEAPCAPTURE_LISTEN".equals(e.getName()) && e.getValue() != null)
        .map(e -> e.getValue().substring(e.getValue().lastIndexOf(':') + 1))
        .map(Integer::parseInt)
        .map(port -> new SidecarEndpoint(pod.getStatus().getPodIP(), port))
        .findFirst();
  }

  /** The application containers: every regular container but the sidecar. */
  public List<String> applicationContainers() {
    return pod.getSpec().getContainers().stream()
        .map(Container::getName)
        .filter(n -> !SidecarApi.CONTAINER_NAME.equals(n))
        .toList();
  }

  /** The runtime's id of a container, without the {@code containerd://} style scheme. */
  public Optional<String> containerId(String container) {
    return containerStatus(container)
        .map(ContainerStatus::getContainerID)
        .map(id -> id.contains("://") ? id.substring(id.indexOf("://") + 3) : id);
  }

  private Optional<ContainerStatus> containerStatus(String container) {
    if (pod.getStatus() == null) {
      return Optional.empty();
    }
    return Stream.concat(
            nullSafe(pod.getStatus().getContainerStatuses()),
            nullSafe(pod.getStatus().getInitContainerStatuses()))
        .filter(s -> container.equals(s.getName()))
        .findFirst();
  }

  private Stream<Container> allContainers() {
    return Stream.concat(
        nullSafe(pod.getSpec().getContainers()), nullSafe(pod.getSpec().getInitContainers()));
  }

  private static <T> Stream<T> nullSafe(List<T> list) {
    return list == null ? Stream.empty() : list.stream();
  }
}
