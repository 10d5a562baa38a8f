package io.heapcapture.operator.webhook;

import io.fabric8.kubernetes.api.model.Pod;

/** The sidecar finds the JVM among the pod's processes, so the pod shares one PID namespace. */
final class ShareProcessNamespace implements PodMutator {
  @Override
  public void mutate(Pod pod, InjectionPlan plan) {
    pod.getSpec().setShareProcessNamespace(true);
  }
}
