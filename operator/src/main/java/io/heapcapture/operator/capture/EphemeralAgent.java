package io.heapcapture.operator.capture;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EphemeralContainer;
import io.fabric8.kubernetes.api.model.EphemeralContainerBuilder;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;
import io.heapcapture.api.v1alpha1.TargetStatus;
import io.heapcapture.operator.pod.AppIdentity;
import io.heapcapture.sidecar.api.SidecarApi;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The sidecar's image run as an ephemeral container for one capture, in a pod that has no sidecar.
 * It joins the application container's process namespace ({@code targetContainerName}), has no
 * volume of its own (Kubernetes gives ephemeral containers none), so the JVM writes the dump into
 * its own {@code /tmp}, which the agent reads through {@code /proc/<pid>/root}. It serves one
 * capture and exits. Kubernetes lets an ephemeral container set no resources, so its JVM's own
 * limits (in the image) bound it.
 *
 * @param image the sidecar image
 * @param imagePullPolicy its pull policy
 * @param clientCa PEM of the CA whose client certificates may command it (the operator's)
 * @param uploadEndpoints the object-store endpoints it may upload to
 */
public record EphemeralAgent(
    String image, String imagePullPolicy, Supplier<String> clientCa, List<String> uploadEndpoints) {
  /** Ports tried in order; the first one no container of the pod declares is used. */
  static final List<Integer> PORTS = List.of(SidecarApi.DEFAULT_PORT, 18086, 28086, 38086);

  /** The container's name for a capture: stable, so a repeated step finds the one it added. */
  public static String nameFor(TargetStatus target) {
    String id = target.getId();
    String suffix = id.startsWith("hc-") ? id.substring(3) : id;
    return SidecarApi.CONTAINER_NAME + "-" + suffix.substring(0, Math.min(12, suffix.length()));
  }

  public EphemeralContainer containerFor(TargetPod pod, TargetStatus target) {
    int port = freePort(pod.declaredPorts());
    List<EnvVar> env = new ArrayList<>();
    env.add(new EnvVar("HEAPCAPTURE_LISTEN", "0.0.0.0:" + port, null));
    env.add(new EnvVar("HEAPCAPTURE_CLIENT_CA", clientCa.get(), null));
    env.add(new EnvVar("HEAPCAPTURE_UPLOAD_ENDPOINTS", String.join(",", uploadEndpoints), null));
    env.add(new EnvVar("HEAPCAPTURE_DUMP_IN_TARGET", "/tmp", null));
    env.add(new EnvVar("HEAPCAPTURE_ONE_SHOT", "true", null));
    AppIdentity identity =
        AppIdentity.of(
            pod.pod(),
            pod.pod().getSpec().getContainers().stream()
                .filter(c -> c.getName().equals(target.getContainer()))
                .findFirst()
                .orElseThrow(),
            new ArrayList<>());
    SecurityContextBuilder security =
        new SecurityContextBuilder()
            .withAllowPrivilegeEscalation(false)
            .withNewCapabilities()
            .withDrop("ALL")
            .endCapabilities()
            .withNewSeccompProfile()
            .withType("RuntimeDefault")
            .endSeccompProfile();
    identity.uid().ifPresent(security::withRunAsUser);
    identity.gid().ifPresent(security::withRunAsGroup);
    security.withRunAsNonRoot(identity.uid().map(uid -> uid != 0).orElse(true));
    return new EphemeralContainerBuilder()
        .withName(nameFor(target))
        .withImage(image)
        .withImagePullPolicy(imagePullPolicy)
        .withTargetContainerName(target.getContainer())
        .withEnv(env)
        .withSecurityContext(security.build())
        .withTerminationMessagePolicy("FallbackToLogsOnError")
        .build();
  }

  static int freePort(Set<Integer> declared) {
    return PORTS.stream().filter(p -> !declared.contains(p)).findFirst().orElse(PORTS.get(0));
  }
}
