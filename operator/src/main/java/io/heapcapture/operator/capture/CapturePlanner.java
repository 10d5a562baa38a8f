package io.heapcapture.operator.capture;

import io.heapcapture.api.v1alpha1.HeapCapture;
import io.heapcapture.api.v1alpha1.TargetPhase;
import io.heapcapture.api.v1alpha1.TargetSpec;
import io.heapcapture.api.v1alpha1.TargetStatus;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Decides which pods an on-demand capture takes: those that match and have a ready sidecar, up to
 * {@code maxTargets}. Once planned, the set is fixed: pods that start later are not added.
 */
public final class CapturePlanner {
  private final PodLookup pods;

  public CapturePlanner(PodLookup pods) {
    this.pods = pods;
  }

  public TargetPlan plan(HeapCapture capture) {
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
    List<TargetPod> withSidecar = matching.stream().filter(TargetPod::hasSidecar).toList();
    if (withSidecar.isEmpty()) {
      return new TargetPlan.GiveUp(
          Reason.SidecarNotInjected,
          "no heapcapture sidecar in " + names(matching) + "; enable injection for the workload");
    }
    // By name: a re-plan after a lost status write must pick the same pods in any lookup order.
    List<TargetPod> ready =
        withSidecar.stream()
            .filter(TargetPod::sidecarReady)
            .sorted(Comparator.comparing(TargetPod::name))
            .toList();
    if (ready.isEmpty()) {
      return new TargetPlan.Wait(
          Reason.WaitingForSidecar, "waiting for the sidecar to be ready in " + names(withSidecar));
    }
    int max = capture.getSpec().getLimits().getMaxTargets();
    List<TargetStatus> targets = new ArrayList<>();
    for (TargetPod pod : ready.subList(0, Math.min(max, ready.size()))) {
      targets.add(plannedTarget(capture, pod));
    }
    String skipped =
        withSidecar.size() > ready.size()
            ? "; not ready: " + (withSidecar.size() - ready.size())
            : "";
    return new TargetPlan.Capture(
        targets,
        "planned " + targets.size() + " of " + matching.size() + " matching pods" + skipped);
  }

  private static TargetStatus plannedTarget(HeapCapture capture, TargetPod pod) {
    TargetStatus status = new TargetStatus();
    status.setId(CaptureIds.onDemand(capture.getMetadata().getUid(), pod.uid()));
    status.setPod(pod.name());
    status.setPodUid(pod.uid());
    status.setWorkload(pod.workload());
    status.setTrigger("OnDemand");
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
