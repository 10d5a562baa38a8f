package io.heapcapture.operator.webhook;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import java.util.ArrayList;

/**
 * The dump volume, an emptyDir on disk with a size limit (never {@code medium: Memory}: a dump
 * waiting for upload must survive a container restart and must not count against the app's memory),
 * mounted in the app container where its JVM writes dumps. The sidecar's own mount is added with
 * the sidecar.
 */
final class DumpVolume implements PodMutator {
  /** Name of the dump volume in the pod. */
  static final String NAME = "heapcapture-dumps";

  @Override
  public void mutate(Pod pod, InjectionPlan plan) {
    if (pod.getSpec().getVolumes() == null) {
      pod.getSpec().setVolumes(new ArrayList<>());
    }
    if (pod.getSpec().getVolumes().stream().noneMatch(v -> NAME.equals(v.getName()))) {
      pod.getSpec().getVolumes().add(volume(plan));
    }
    Container app =
        pod.getSpec().getContainers().stream()
            .filter(c -> plan.appContainer().equals(c.getName()))
            .findFirst()
            .orElseThrow(() -> new InjectionException("no container " + plan.appContainer()));
    if (app.getVolumeMounts() == null) {
      app.setVolumeMounts(new ArrayList<>());
    }
    if (app.getVolumeMounts().stream().noneMatch(m -> NAME.equals(m.getName()))) {
      app.getVolumeMounts()
          .add(new VolumeMountBuilder().withName(NAME).withMountPath(plan.dumpDirectory()).build());
    }
  }

  private static Volume volume(InjectionPlan plan) {
    return new VolumeBuilder()
        .withName(NAME)
        .withNewEmptyDir()
        .withSizeLimit(plan.volumeSizeLimit())
        .endEmptyDir()
        .build();
  }
}
