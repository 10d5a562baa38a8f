package io.heapcapture.operator.policy;

import io.heapcapture.api.v1alpha1.HeapCapturePolicy;
import io.heapcapture.api.v1alpha1.PolicyTargetStatus;
import io.heapcapture.api.v1alpha1.RuleStatus;
import io.heapcapture.operator.capture.TargetPod;
import io.heapcapture.operator.sidecar.SidecarClient;
import io.heapcapture.operator.sidecar.SidecarException;
import io.heapcapture.sidecar.api.ArmedPolicy;
import io.heapcapture.sidecar.api.ArmedRules;
import io.heapcapture.sidecar.api.RulePhase;
import io.heapcapture.sidecar.api.RuleSet;
import io.heapcapture.sidecar.api.RuleState;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Keeps one pod's sidecar armed with a policy's rules. It asks what the sidecar holds and arms only
 * when that is another policy uid, another generation, or nothing (a restarted sidecar), so a
 * steady state costs one GET per pass and the sidecar's rule state (cooldowns, counts) is not reset
 * by needless re-arming.
 */
public final class SidecarArming {
  private final SidecarClient sidecars;
  // Pod uid -> the application container id the rules were armed with. ArmedRules does not echo
  // it, and a restarted container (after an OOM kill, say) has a new id the rules must follow.
  private final Map<String, String> armedContainers = new ConcurrentHashMap<>();

  public SidecarArming(SidecarClient sidecars) {
    this.sidecars = sidecars;
  }

  /** Arms the pod's sidecar if needed, and tells whether it holds working rules. */
  public PolicyTargetStatus arm(HeapCapturePolicy policy, TargetPod pod)
      throws InvalidPolicyException {
    if (!pod.hasSidecar()) {
      return notArmed(
          pod,
          "NoSidecar",
          "threshold and outOfMemory triggers need the injected heapcapture sidecar; enable"
              + " injection for the workload");
    }
    if (!pod.sidecarReady()) {
      return notArmed(pod, "SidecarNotReady", "waiting for the sidecar to be ready");
    }
    String container = containerOf(policy, pod);
    if (container == null) {
      return notArmed(
          pod,
          "ContainerAmbiguous",
          "cannot tell which container to watch among "
              + pod.applicationContainers()
              + "; set spec.target.container");
    }
    RuleSet rules = RuleSets.forPod(policy, pod, container);
    try {
      ArmedPolicy armed = held(sidecars.armedRules(pod.sidecarEndpoint()), policy);
      boolean containerMoved =
          armedContainers.containsKey(pod.uid())
              && !Objects.equals(armedContainers.get(pod.uid()), rules.containerId());
      if (armed == null || !current(armed, policy) || containerMoved) {
        armed = sidecars.armRules(pod.sidecarEndpoint(), rules);
      }
      if (rules.containerId() != null) {
        armedContainers.put(pod.uid(), rules.containerId());
      }
      return describe(pod, armed);
    } catch (SidecarException e) {
      return notArmed(pod, reasonOf(e), e.getMessage());
    }
  }

  /** Removes the policy's rules if the sidecar holds them; for suspended or schedule-only ones. */
  public void disarmIfArmed(HeapCapturePolicy policy, TargetPod pod) throws SidecarException {
    if (!pod.sidecarReady()) {
      return;
    }
    if (held(sidecars.armedRules(pod.sidecarEndpoint()), policy) != null) {
      disarm(policy, pod);
    }
  }

  /** Removes the policy's rules from the pod's sidecar; unknown to it counts as done. */
  public void disarm(HeapCapturePolicy policy, TargetPod pod) throws SidecarException {
    sidecars.disarm(pod.sidecarEndpoint(), policy.getMetadata().getName());
    armedContainers.remove(pod.uid());
  }

  /** The container the rules watch: the policy's, or the pod's only application container. */
  static String containerOf(HeapCapturePolicy policy, TargetPod pod) {
    String wanted = policy.getSpec().getTarget().getContainer();
    if (wanted != null) {
      return wanted;
    }
    List<String> containers = pod.applicationContainers();
    return containers.size() == 1 ? containers.get(0) : null;
  }

  private static ArmedPolicy held(ArmedRules armed, HeapCapturePolicy policy) {
    return armed.policies().stream()
        .filter(p -> policy.getMetadata().getName().equals(p.policy()))
        .findFirst()
        .orElse(null);
  }

  private static boolean current(ArmedPolicy armed, HeapCapturePolicy policy) {
    return Objects.equals(armed.policyUid(), policy.getMetadata().getUid())
        && armed.generation() == RuleSets.generation(policy);
  }

  private static PolicyTargetStatus describe(TargetPod pod, ArmedPolicy armed) {
    PolicyTargetStatus status = new PolicyTargetStatus();
    status.setPod(pod.name());
    status.setRules(armed.rules().stream().map(SidecarArming::ruleStatus).toList());
    List<RuleState> unavailable =
        armed.rules().stream().filter(r -> r.phase() == RulePhase.UNAVAILABLE).toList();
    if (!unavailable.isEmpty()) {
      status.setArmed(false);
      status.setReason("RuleUnavailable");
      status.setMessage(
          unavailable.stream()
              .map(r -> r.name() + ": " + Objects.requireNonNullElse(r.reason(), "unavailable"))
              .collect(Collectors.joining("; ")));
      return status;
    }
    status.setArmed(true);
    status.setReason("Armed");
    status.setMessage(
        armed.rules().size()
            + " threshold rule(s) armed"
            + (armed.outOfMemory() ? "; OutOfMemoryError dumps are kept for upload" : ""));
    return status;
  }

  private static RuleStatus ruleStatus(RuleState state) {
    RuleStatus rule = new RuleStatus();
    rule.setName(state.name());
    rule.setPhase(state.phase() == null ? null : phaseName(state.phase()));
    rule.setValue(state.value());
    rule.setReason(state.reason());
    rule.setFired(state.fired());
    rule.setLastFiredAt(state.lastFiredAt() == null ? null : state.lastFiredAt().toString());
    return rule;
  }

  /** WAITING_TO_REARM reads WaitingToRearm, as the other phases in status do. */
  private static String phaseName(RulePhase phase) {
    StringBuilder name = new StringBuilder();
    for (String word : phase.name().split("_")) {
      name.append(word.charAt(0)).append(word.substring(1).toLowerCase(java.util.Locale.ROOT));
    }
    return name.toString();
  }

  private static String reasonOf(SidecarException e) {
    return switch (e.kind()) {
      case UNREACHABLE -> "SidecarUnreachable";
      case UNAUTHORIZED -> "SidecarUnauthorized";
      case NOT_FOUND, REJECTED -> "RuleRejected";
    };
  }

  static PolicyTargetStatus notArmed(TargetPod pod, String reason, String message) {
    PolicyTargetStatus status = new PolicyTargetStatus();
    status.setPod(pod.name());
    status.setArmed(false);
    status.setReason(reason);
    status.setMessage(message);
    return status;
  }
}
