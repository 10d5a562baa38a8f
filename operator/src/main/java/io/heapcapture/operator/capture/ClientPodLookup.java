package io.heapcapture.operator.capture;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.heapcapture.api.v1alpha1.TargetSpec;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** {@link PodLookup} through the API server. */
public final class ClientPodLookup implements PodLookup {
  private final KubernetesClient client;

  public ClientPodLookup(KubernetesClient client) {
    this.client = client;
  }

  @Override
  public List<TargetPod> matching(String namespace, TargetSpec target) {
    Stream<Pod> pods =
        target.getPodName() != null
            ? byName(namespace, target.getPodName()).map(TargetPod::pod).stream()
            : client
                .pods()
                .inNamespace(namespace)
                .withLabelSelector(target.getSelector())
                .list()
                .getItems()
                .stream();
    return pods.filter(p -> p.getMetadata().getDeletionTimestamp() == null)
        .map(TargetPod::new)
        .sorted(Comparator.comparing(TargetPod::name))
        .toList();
  }

  @Override
  public Optional<TargetPod> byName(String namespace, String name) {
    return Optional.ofNullable(client.pods().inNamespace(namespace).withName(name).get())
        .map(TargetPod::new);
  }
}
