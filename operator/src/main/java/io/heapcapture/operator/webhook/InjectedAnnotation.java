package io.heapcapture.operator.webhook;

import io.fabric8.kubernetes.api.model.Pod;
import java.util.LinkedHashMap;

/** Marks the pod with the injected image; the mark is what makes a second admission a no-op. */
final class InjectedAnnotation implements PodMutator {
  private final String image;

  InjectedAnnotation(String image) {
    this.image = image;
  }

  @Override
  public void mutate(Pod pod, InjectionPlan plan) {
    if (pod.getMetadata().getAnnotations() == null) {
      pod.getMetadata().setAnnotations(new LinkedHashMap<>());
    }
    pod.getMetadata().getAnnotations().putIfAbsent(InjectionKeys.INJECTED, image);
  }
}
