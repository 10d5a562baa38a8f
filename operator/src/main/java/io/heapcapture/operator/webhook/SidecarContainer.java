package io.heapcapture.operator.webhook;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.heapcapture.sidecar.api.SidecarApi;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The sidecar as a native sidecar: an init container with {@code restartPolicy: Always}, so it
 * starts before the app and stops after it. It gets the settings' image and resources, the
 * environment that tells it who may command it (the client CA) and where it may upload, an HTTPS
 * readiness probe, the dump volume, a small {@code /tmp} of its own, and a security context that
 * passes the {@code restricted} Pod Security Standard. Its uid and gid are set by {@link
 * SidecarIdentity}.
 */
final class SidecarContainer implements PodMutator {
  /** The sidecar's writable {@code /tmp} (its root filesystem is read-only). */
  static final String TMP_VOLUME = "heapcapture-tmp";

  static final String TMP_PATH = "/tmp";
  static final Quantity TMP_SIZE = new Quantity("64Mi");

  private final InjectionSettings settings;
  private final Supplier<String> clientCa;

  /**
   * @param clientCa PEM of the CA certificate(s) whose client certificates may command sidecars
   */
  SidecarContainer(InjectionSettings settings, Supplier<String> clientCa) {
    this.settings = settings;
    this.clientCa = clientCa;
  }

  @Override
  public void mutate(Pod pod, InjectionPlan plan) {
    if (pod.getSpec().getInitContainers() == null) {
      pod.getSpec().setInitContainers(new ArrayList<>());
    }
    if (sidecarOf(pod) != null) {
      return;
    }
    String ca = clientCa.get();
    if (ca == null || ca.isBlank()) {
      throw new InjectionException("the sidecars' client CA is not available yet");
    }
    if (pod.getSpec().getVolumes() == null) {
      pod.getSpec().setVolumes(new ArrayList<>());
    }
    if (pod.getSpec().getVolumes().stream().noneMatch(v -> TMP_VOLUME.equals(v.getName()))) {
      pod.getSpec()
          .getVolumes()
          .add(
              new VolumeBuilder()
                  .withName(TMP_VOLUME)
                  .withNewEmptyDir()
                  .withSizeLimit(TMP_SIZE)
                  .endEmptyDir()
                  .build());
    }
    // After the pod's own init containers, so that they run as they did without the sidecar.
    pod.getSpec().getInitContainers().add(container(plan, ca));
  }

  /** The pod's sidecar, or null. */
  static Container sidecarOf(Pod pod) {
    List<Container> init = pod.getSpec().getInitContainers();
    if (init == null) {
      return null;
    }
    return init.stream()
        .filter(c -> SidecarApi.CONTAINER_NAME.equals(c.getName()))
        .findFirst()
        .orElse(null);
  }

  private Container container(InjectionPlan plan, String ca) {
    return new ContainerBuilder()
        .withName(SidecarApi.CONTAINER_NAME)
        .withImage(settings.image())
        .withImagePullPolicy(settings.imagePullPolicy())
        .withRestartPolicy("Always")
        .addNewPort()
        .withName(SidecarApi.CONTAINER_NAME)
        .withContainerPort(SidecarApi.DEFAULT_PORT)
        .withProtocol("TCP")
        .endPort()
        .withEnv(env(plan, ca))
        .withNewReadinessProbe()
        .withNewHttpGet()
        .withPath(SidecarApi.HEALTH)
        .withPort(new IntOrString(SidecarApi.CONTAINER_NAME))
        .withScheme("HTTPS")
        .endHttpGet()
        .endReadinessProbe()
        .withResources(new ResourceRequirementsBuilder(settings.resources()).build())
        .withNewSecurityContext()
        .withAllowPrivilegeEscalation(false)
        .withNewCapabilities()
        .withDrop("ALL")
        .endCapabilities()
        .withReadOnlyRootFilesystem(true)
        .withRunAsNonRoot(true)
        .withNewSeccompProfile()
        .withType("RuntimeDefault")
        .endSeccompProfile()
        .endSecurityContext()
        .addNewVolumeMount()
        .withName(DumpVolume.NAME)
        .withMountPath(settings.dumpMountPath())
        .endVolumeMount()
        .addNewVolumeMount()
        .withName(TMP_VOLUME)
        .withMountPath(TMP_PATH)
        .endVolumeMount()
        // A sidecar that dies at start shows why in `kubectl describe`, without `kubectl logs`.
        .withTerminationMessagePolicy("FallbackToLogsOnError")
        .build();
  }

  private List<EnvVar> env(InjectionPlan plan, String ca) {
    return List.of(
        new EnvVar("HEAPCAPTURE_LISTEN", "0.0.0.0:" + SidecarApi.DEFAULT_PORT, null),
        new EnvVar("HEAPCAPTURE_CLIENT_CA", ca, null),
        new EnvVar(
            "HEAPCAPTURE_UPLOAD_ENDPOINTS", String.join(",", settings.allowedEndpoints()), null),
        new EnvVar("HEAPCAPTURE_DUMP_DIR", settings.dumpMountPath(), null),
        new EnvVar("HEAPCAPTURE_TARGET_DUMP_DIR", plan.dumpDirectory(), null),
        // Dumps waiting for their upload must leave room for the next one within the volume.
        new EnvVar(
            "HEAPCAPTURE_DISK_BUDGET_BYTES",
            Quantity.getAmountInBytes(plan.volumeSizeLimit()).toBigInteger().toString(),
            null));
  }
}
