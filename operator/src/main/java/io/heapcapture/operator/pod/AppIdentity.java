package io.heapcapture.operator.pod;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.SecurityContext;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The uid and gid the application container runs as, as far as the pod says: its own security
 * context, else the pod's, else the {@code heapcapture.io/run-as-*} annotations. The sidecar must
 * run with both, since the JVM's attach listener accepts only a peer with its euid and egid. An id
 * that none of these give comes from the app's image, which the webhook cannot see.
 *
 * @param uid empty when unknown
 * @param gid empty when unknown
 */
public record AppIdentity(Optional<Long> uid, Optional<Long> gid) {
  /** Pod annotation: the application's uid, when the pod spec does not say. */
  public static final String RUN_AS_USER = "heapcapture.io/run-as-user";

  /** Pod annotation: the application's gid, when the pod spec does not say. */
  public static final String RUN_AS_GROUP = "heapcapture.io/run-as-group";

  /** The numeric user of the sidecar image, which applies when the app's uid is unknown. */
  public static final long IMAGE_USER = 65532;

  /** Both ids are known. */
  public boolean known() {
    return uid.isPresent() && gid.isPresent();
  }

  /** Reads the ids; an annotation that is not an id adds a warning and counts as absent. */
  public static AppIdentity of(Pod pod, Container app, List<String> warnings) {
    SecurityContext container = app.getSecurityContext();
    PodSecurityContext podContext = pod.getSpec().getSecurityContext();
    Map<String, String> annotations =
        pod.getMetadata() == null || pod.getMetadata().getAnnotations() == null
            ? Map.of()
            : pod.getMetadata().getAnnotations();
    Optional<Long> uid =
        first(
            container == null ? null : container.getRunAsUser(),
            podContext == null ? null : podContext.getRunAsUser(),
            annotations,
            RUN_AS_USER,
            warnings);
    Optional<Long> gid =
        first(
            container == null ? null : container.getRunAsGroup(),
            podContext == null ? null : podContext.getRunAsGroup(),
            annotations,
            RUN_AS_GROUP,
            warnings);
    return new AppIdentity(uid, gid);
  }

  private static Optional<Long> first(
      Long fromContainer,
      Long fromPod,
      Map<String, String> annotations,
      String annotation,
      List<String> warnings) {
    if (fromContainer != null) {
      return Optional.of(fromContainer);
    }
    if (fromPod != null) {
      return Optional.of(fromPod);
    }
    String value = annotations.get(annotation);
    if (value == null) {
      return Optional.empty();
    }
    try {
      long id = Long.parseLong(value.strip());
      if (id >= 0 && id <= 0xFFFF_FFFEL) {
        return Optional.of(id);
      }
    } catch (NumberFormatException e) {
      // falls through to the warning
    }
    warnings.add(annotation + ": '" + value + "' is not a numeric id; ignored");
    return Optional.empty();
  }

  /** The ids the sidecar gets, the image's for what is unknown. */
  public String describeSidecar() {
    return "uid "
        + uid.map(String::valueOf).orElse(IMAGE_USER + " (the image's)")
        + ", gid "
        + gid.map(String::valueOf).orElse("from the image");
  }

  @Override
  public String toString() {
    return uid.map(String::valueOf).orElse("?") + ":" + gid.map(String::valueOf).orElse("?");
  }
}
