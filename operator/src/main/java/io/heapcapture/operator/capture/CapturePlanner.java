package io.heapcapture.operator.capture;

import io.heapcapture.api.v1alpha1.CaptureMode;
import io.heapcapture.api.v1alpha1.CaptureSource;
import io.heapcapture.api.v1alpha1.HeapCapture;
import io.heapcapture.api.v1alpha1.TargetPhase;
import io.heapcapture.api.v1alpha1.TargetSpec;
import io.heapcapture.api.v1alpha1.TargetStatus;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Decides which pods an on-demand capture takes, and how each is reached: those that match and can
 * be captured now (a ready sidecar, or a running pod for an ephemeral container), up to {@code
 * maxTargets}. Once planned, the set is fixed: pods that start later are not added. A capture with
 * {@code spec.source} adopts a dump a sidecar already holds: its one target is that pod, under the
 * sidecar's id, so the usual start (idempotent by id) finds the dump instead of taking one.
 */
public final class CapturePlanner {
  private final PodLookup pods;

  public CapturePlanner(PodLookup pods) {
    this.pods = pods;
  }

  public TargetPlan plan(HeapCapture capture) {
    if (capture.getSpec().getSource() != null) {
      return adopt(capture, capture.getSpec().getSource());
    }
    String namespace = capture.getMetadata().getNamespace();
    TargetSpec target = capture.getSpec().getTarget();
    List<TargetPod> matching = pods.matching(namespace, target);
    if (matching.isEmpty()) {
      return target.getPodName() != null
          ? new TargetPlan.GiveUp(
              Reason.PodNotFound, "pod " + target.getPodName() + " does not exist in " + namespace)
          : new TargetPlan.GiveUp(
              Reason.NoMatchingPods, "no pod in " + namespace + " matches the selector");
    }
    CaptureMode mode = target.getMode() == null ? CaptureMode.Auto : target.getMode();
    // By name: a re-plan after a lost status write must pick the same pods in any lookup order.
    List<TargetPod> sorted =
        matching.stream().sorted(Comparator.comparing(TargetPod::name)).toList();
    List<TargetPod> ready = new ArrayList<>();
    List<TargetPod> sidecarStarting = new ArrayList<>();
    List<TargetPod> notRunning = new ArrayList<>();
    for (TargetPod pod : sorted) {
      CaptureMode route = route(pod, mode);
      if (route == null) {
        continue;
      }
      boolean canStart = route == CaptureMode.Sidecar ? pod.sidecarReady() : pod.running();
      if (canStart) {
        ready.add(pod);
      } else if (route == CaptureMode.Sidecar) {
        sidecarStarting.add(pod);
      } else {
        notRunning.add(pod);
      }
    }
    if (ready.isEmpty()) {
      if (!sidecarStarting.isEmpty()) {
        return new TargetPlan.Wait(
            Reason.WaitingForSidecar,
            "waiting for the sidecar to be ready in " + names(sidecarStarting));
      }
      if (!notRunning.isEmpty()) {
        return new TargetPlan.Wait(
            Reason.WaitingForPod, "waiting for " + names(notRunning) + " to run");
      }
      return new TargetPlan.GiveUp(
          Reason.SidecarNotInjected,
          "no heapcapture sidecar in "
              + names(matching)
              + "; enable injection for the workload, or set spec.target.mode to Auto");
    }
    int max = capture.getSpec().getLimits().getMaxTargets();
    List<TargetStatus> targets = new ArrayList<>();
    for (TargetPod pod : ready.subList(0, Math.min(max, ready.size()))) {
      targets.add(plannedTarget(capture, pod, route(pod, mode)));
    }
    int waiting = sidecarStarting.size() + notRunning.size();
    String skipped = waiting > 0 ? "; not ready: " + waiting : "";
    return new TargetPlan.Capture(
        targets,
        "planned " + targets.size() + " of " + matching.size() + " matching pods" + skipped);
  }

  private TargetPlan adopt(HeapCapture capture, CaptureSource source) {
    String namespace = capture.getMetadata().getNamespace();
    Optional<TargetPod> pod =
        pods.byName(namespace, source.getPod()).filter(p -> p.uid().equals(source.getPodUid()));
    if (pod.isEmpty()) {
      return new TargetPlan.GiveUp(
          Reason.PodNotFound,
          "pod "
              + source.getPod()
              + ", whose sidecar held dump "
              + source.getSidecarCapture()
              + ", was deleted or replaced");
    }
    if (!pod.get().hasSidecar()) {
      return new TargetPlan.GiveUp(
          Reason.SidecarNotInjected, "pod " + source.getPod() + " has no heapcapture sidecar");
    }
    if (!pod.get().sidecarReady()) {
      return new TargetPlan.Wait(
          Reason.WaitingForSidecar,
          "waiting for the sidecar of " + source.getPod() + " to be ready");
    }
    TargetStatus target = plannedTarget(capture, pod.get(), CaptureMode.Sidecar);
    target.setId(source.getSidecarCapture());
    return new TargetPlan.Capture(
        List.of(target),
        "adopting dump "
            + source.getSidecarCapture()
            + " held by the sidecar of "
            + source.getPod());
  }

  /** How a pod is reached under {@code mode}, or null when it cannot be. */
  private static CaptureMode route(TargetPod pod, CaptureMode mode) {
    return switch (mode) {
      case Sidecar -> pod.hasSidecar() ? CaptureMode.Sidecar : null;
      case EphemeralContainer -> CaptureMode.EphemeralContainer;
      case Auto -> pod.hasSidecar() ? CaptureMode.Sidecar : CaptureMode.EphemeralContainer;
    };
  }

  private static TargetStatus plannedTarget(HeapCapture capture, TargetPod pod, CaptureMode mode) {
    TargetStatus status = new TargetStatus();
    status.setMode(mode);
    status.setId(CaptureIds.onDemand(capture.getMetadata().getUid(), pod.uid()));
    status.setPod(pod.name());
    status.setPodUid(pod.uid());
    status.setWorkload(pod.workload());
    status.setTrigger(triggerOf(capture));
    status.setPhase(TargetPhase.Pending);
    String wanted = capture.getSpec().getTarget().getContainer();
    List<String> containers = pod.applicationContainers();
    if (wanted != null) {
      if (containers.contains(wanted)) {
        status.setContainer(wanted);
      } else {
        fail(
            status,
            Reason.ContainerNotFound,
            "pod has no container " + wanted + "; it has " + containers);
      }
    } else if (containers.size() == 1) {
      status.setContainer(containers.get(0));
    } else {
      fail(
          status,
          Reason.ContainerAmbiguous,
          "pod has several containers " + containers + "; set spec.target.container");
    }
    return status;
  }

  /** The policy trigger that created the capture, from its label; OnDemand when applied by hand. */
  private static String triggerOf(HeapCapture capture) {
    Map<String, String> labels = capture.getMetadata().getLabels();
    String trigger = labels == null ? null : labels.get(HeapCapture.TRIGGER_LABEL);
    return trigger == null ? "OnDemand" : trigger;
  }

  private static void fail(TargetStatus status, Reason reason, String message) {
    status.setPhase(TargetPhase.Failed);
    status.setReason(reason.name());
    status.setMessage(message);
  }

  private static String names(List<TargetPod> pods) {
    List<String> names = pods.stream().map(TargetPod::name).limit(5).toList();
    return pods.size() > 5 ? names + " and " + (pods.size() - 5) + " more" : names.toString();
  }
}
