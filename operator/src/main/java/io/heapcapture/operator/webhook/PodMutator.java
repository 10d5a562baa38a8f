package io.heapcapture.operator.webhook;

import io.fabric8.kubernetes.api.model.Pod;

/**
 * One part of the injection, applied in place to the copy of the pod that the patch is computed
 * from. A mutator changes nothing that is already as it wants it, so a second run adds nothing.
 */
interface PodMutator {
  void mutate(Pod pod, InjectionPlan plan);
}
