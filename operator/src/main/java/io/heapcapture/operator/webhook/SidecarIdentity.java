package io.heapcapture.operator.webhook;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.heapcapture.operator.pod.AppIdentity;
import java.util.LinkedHashMap;

/**
 * Runs the sidecar as the app's uid and gid: the JVM's attach listener accepts only a peer with its
 * euid and egid (or root, which {@code restricted} forbids). An id the pod does not give is left to
 * the sidecar image (user 65532), and the pod is marked {@code heapcapture.io/identity: unknown},
 * so that a failed attach can be explained. A root app (uid 0) gets a root sidecar, and no {@code
 * runAsNonRoot}.
 */
final class SidecarIdentity implements PodMutator {
  @Override
  public void mutate(Pod pod, InjectionPlan plan) {
    Container sidecar = SidecarContainer.sidecarOf(pod);
    if (sidecar == null) {
      throw new InjectionException("no sidecar to give the app's identity");
    }
    SecurityContext context = sidecar.getSecurityContext();
    AppIdentity identity = plan.identity();
    identity.uid().ifPresent(context::setRunAsUser);
    identity.gid().ifPresent(context::setRunAsGroup);
    if (identity.uid().filter(uid -> uid == 0L).isPresent()) {
      context.setRunAsNonRoot(null);
    }
    if (!identity.known()) {
      if (pod.getMetadata().getAnnotations() == null) {
        pod.getMetadata().setAnnotations(new LinkedHashMap<>());
      }
      pod.getMetadata()
          .getAnnotations()
          .put(InjectionKeys.IDENTITY, InjectionKeys.IDENTITY_UNKNOWN);
    }
  }
}
