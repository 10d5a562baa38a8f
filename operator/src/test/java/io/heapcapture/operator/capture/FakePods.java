package io.heapcapture.operator.capture;

import io.fabric8.kubernetes.api.model.Pod;
import io.heapcapture.api.v1alpha1.TargetSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A {@link PodLookup} over a fixed list, returned in the order given (not sorted), so tests see
 * what the caller does with the order. Selectors are not evaluated: every pod matches.
 */
final class FakePods implements PodLookup {
  private final List<Pod> pods = new ArrayList<>();

  FakePods(Pod... pods) {
    this.pods.addAll(Arrays.asList(pods));
  }

  /** Replaces every pod, e.g. to show a pod re-created under the same name. */
  void replaceAll(Pod... pods) {
    this.pods.clear();
    this.pods.addAll(Arrays.asList(pods));
  }

  @Override
  public List<TargetPod> matching(String namespace, TargetSpec target) {
    return pods.stream()
        .filter(p -> namespace.equals(p.getMetadata().getNamespace()))
        .filter(p -> target.getPodName() == null || target.getPodName().equals(name(p)))
        .map(TargetPod::new)
        .toList();
  }

  @Override
  public Optional<TargetPod> byName(String namespace, String name) {
    return pods.stream()
        .filter(p -> namespace.equals(p.getMetadata().getNamespace()) && name.equals(name(p)))
        .findFirst()
        .map(TargetPod::new);
  }

  private static String name(Pod pod) {
    return pod.getMetadata().getName();
  }
}
