package io.heapcapture.operator.capture;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.SecurityContext;
import java.util.Map;
import java.util.Optional;

/**
 * The uid and gid an application container runs as, as far as the pod says: the container's
 * security context, else the pod's, else the annotations {@code heapcapture.io/run-as-user} and
 * {@code heapcapture.io/run-as-group}. The JVM's attach listener accepts only a peer with its own
 * uid and gid, so whatever attaches to it must run as these. Empty when the pod does not say: the
 * image's user then applies, which the API cannot tell.
 */
public record AppIdentity(Optional<Long> uid, Optional<Long> gid) {
  public static final String RUN_AS_USER = "heapcapture.io/run-as-user";
  public static final String RUN_AS_GROUP = "heapcapture.io/run-as-group";

  public static AppIdentity of(Pod pod, String containerName) {
    SecurityContext container =
        pod.getSpec().getContainers().stream()
            .filter(c -> c.getName().equals(containerName))
            .map(Container::getSecurityContext)
            .filter(java.util.Objects::nonNull)
            .findFirst()
            .orElse(null);
    PodSecurityContext podContext = pod.getSpec().getSecurityContext();
    Map<String, String> annotations = pod.getMetadata().getAnnotations();
    Optional<Long> uid =
        first(
            container == null ? null : container.getRunAsUser(),
            podContext == null ? null : podContext.getRunAsUser(),
            annotation(annotations, RUN_AS_USER));
    Optional<Long> gid =
        first(
            container == null ? null : container.getRunAsGroup(),
            podContext == null ? null : podContext.getRunAsGroup(),
            annotation(annotations, RUN_AS_GROUP));
    return new AppIdentity(uid, gid);
  }

  private static Optional<Long> first(Long a, Long b, Long c) {
    return Optional.ofNullable(a != null ? a : b != null ? b : c);
  }

  private static Long annotation(Map<String, String> annotations, String key) {
    if (annotations == null || annotations.get(key) == null) {
      return null;
    }
    try {
      long id = Long.parseLong(annotations.get(key).strip());
      return id >= 0 ? id : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
