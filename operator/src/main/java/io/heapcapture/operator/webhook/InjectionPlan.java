package io.heapcapture.operator.webhook;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.heapcapture.operator.pod.AppIdentity;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the mutators of one pod need to agree on, worked out once from the pod as it arrived: the
 * application container, where it gets the dump volume, who it runs as, how big the volume is, and
 * the warnings for whoever creates the pod.
 *
 * @param appContainer name of the application container
 * @param dumpDirectory where the app container gets the dump volume
 * @param identity the app's uid and gid, as far as the pod says
 * @param volumeSizeLimit size limit of the dump volume
 * @param warnings what the user should know about this injection
 */
record InjectionPlan(
    String appContainer,
    String dumpDirectory,
    AppIdentity identity,
    Quantity volumeSizeLimit,
    List<String> warnings) {

  InjectionPlan {
    warnings = List.copyOf(warnings);
  }

  /** Plans the injection of {@code pod}; throws {@link InjectionException} if it cannot be. */
  static InjectionPlan of(Pod pod, InjectionSettings settings) {
    List<String> warnings = new ArrayList<>();
    Map<String, String> annotations =
        pod.getMetadata() == null || pod.getMetadata().getAnnotations() == null
            ? Map.of()
            : pod.getMetadata().getAnnotations();
    Container app = appContainer(pod, annotations.get(InjectionKeys.CONTAINER));
    String directory = dumpDirectory(app, settings.dumpMountPath(), warnings);
    AppIdentity identity = AppIdentity.of(pod, app, warnings);
    if (!identity.known()) {
      warnings.add(
          "the pod does not say which uid and gid container "
              + app.getName()
              + " runs as (runAsUser, runAsGroup, or the annotations "
              + InjectionKeys.RUN_AS_USER
              + " and "
              + InjectionKeys.RUN_AS_GROUP
              + "): captures work only if the app runs as the sidecar, "
              + identity.describeSidecar());
    }
    return new InjectionPlan(
        app.getName(),
        directory,
        identity,
        volumeSize(annotations.get(InjectionKeys.DUMP_VOLUME_SIZE), settings, warnings),
        warnings);
  }

  private static Container appContainer(Pod pod, String named) {
    List<Container> containers = pod.getSpec().getContainers();
    if (named == null || named.isBlank()) {
      return containers.get(0);
    }
    return containers.stream()
        .filter(c -> named.equals(c.getName()))
        .findFirst()
        .orElseThrow(
            () ->
                new InjectionException(
                    InjectionKeys.CONTAINER
                        + " names container '"
                        + named
                        + "', which the pod does not have"));
  }

  /**
   * Where {@code -XX:HeapDumpPath} points, unless the app already mounts something there (the API
   * server refuses two mounts at one path, and the sidecar must not take over a volume the app
   * owns): then the default, with a warning.
   */
  private static String dumpDirectory(Container app, String defaultPath, List<String> warnings) {
    HeapDumpPath.DumpDirectory found = HeapDumpPath.directory(app, defaultPath);
    found.warning().ifPresent(warnings::add);
    Optional<VolumeMount> taken = mountAt(app, found.path());
    if (taken.isEmpty() || DumpVolume.NAME.equals(taken.get().getName())) {
      return found.path();
    }
    if (found.path().equals(defaultPath)) {
      throw new InjectionException(
          "container "
              + app.getName()
              + " already mounts volume "
              + taken.get().getName()
              + " at "
              + defaultPath);
    }
    warnings.add(
        "container "
            + app.getName()
            + " already mounts volume "
            + taken.get().getName()
            + " at "
            + found.path()
            + ", where -XX:HeapDumpPath points: the dump volume is mounted at "
            + defaultPath
            + " and the sidecar does not see the dumps the JVM writes on OutOfMemoryError");
    if (mountAt(app, defaultPath).isPresent()) {
      throw new InjectionException(
          "container " + app.getName() + " already mounts a volume at " + defaultPath);
    }
    return defaultPath;
  }

  private static Optional<VolumeMount> mountAt(Container app, String path) {
    if (app.getVolumeMounts() == null) {
      return Optional.empty();
    }
    return app.getVolumeMounts().stream()
        .filter(m -> m.getMountPath() != null)
        .filter(m -> m.getMountPath().replaceAll("/+$", "").equals(path))
        .findFirst();
  }

  private static Quantity volumeSize(
      String annotation, InjectionSettings settings, List<String> warnings) {
    if (annotation == null) {
      return settings.dumpVolumeSizeLimit();
    }
    try {
      return InjectionSettings.size(InjectionKeys.DUMP_VOLUME_SIZE, annotation.strip());
    } catch (IllegalArgumentException e) {
      warnings.add(
          InjectionKeys.DUMP_VOLUME_SIZE
              + ": '"
              + annotation
              + "' is not a size such as 4Gi; the default "
              + settings.dumpVolumeSizeLimit()
              + " applies");
      return settings.dumpVolumeSizeLimit();
    }
  }
}
