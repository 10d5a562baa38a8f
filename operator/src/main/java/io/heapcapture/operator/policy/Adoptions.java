package io.heapcapture.operator.policy;

import io.heapcapture.api.v1alpha1.HeapCapturePolicy;
import io.heapcapture.api.v1alpha1.PolicyTrigger;
import io.heapcapture.operator.capture.TargetPod;
import io.heapcapture.sidecar.api.CaptureOrigin;
import io.heapcapture.sidecar.api.CapturePhase;
import io.heapcapture.sidecar.api.CaptureState;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Picks, among the captures a sidecar holds, the dumps it took by itself for this policy and that
 * no HeapCapture has adopted yet: a rule of this policy fired, or the JVM wrote a dump on
 * OutOfMemoryError and the policy has an outOfMemory trigger (and the dump names no other policy).
 */
public final class Adoptions {
  private Adoptions() {}

  /** A dump to adopt, and the trigger to label its HeapCapture with. */
  public record Adoption(TargetPod pod, CaptureState dump, String trigger) {}

  /** The key {@link #pending} matches against: the pod's uid and the sidecar's capture id. */
  public static String key(String podUid, String captureId) {
    return podUid + "/" + captureId;
  }

  /**
   * @param adopted keys of the dumps some HeapCapture in the namespace already adopts
   */
  public static List<Adoption> pending(
      HeapCapturePolicy policy, TargetPod pod, List<CaptureState> held, Set<String> adopted) {
    String name = policy.getMetadata().getName();
    Optional<String> outOfMemory =
        policy.getSpec().getTriggers().stream()
            .filter(t -> t.getOutOfMemory() != null)
            .map(PolicyTrigger::getName)
            .findFirst();
    List<Adoption> pending = new ArrayList<>();
    for (CaptureState dump : held) {
      if (dump.phase() != CapturePhase.DUMPED || adopted.contains(key(pod.uid(), dump.id()))) {
        continue;
      }
      if (dump.origin() == CaptureOrigin.RULE && name.equals(dump.policy())) {
        pending.add(new Adoption(pod, dump, triggerOfRule(policy, dump.rule())));
      } else if (dump.origin() == CaptureOrigin.OUT_OF_MEMORY
          && outOfMemory.isPresent()
          && (dump.policy() == null || name.equals(dump.policy()))) {
        pending.add(new Adoption(pod, dump, outOfMemory.get()));
      }
    }
    return pending;
  }

  /** The rule's trigger; a rule the policy no longer has still needs a valid label value. */
  private static String triggerOfRule(HeapCapturePolicy policy, String rule) {
    return policy.getSpec().getTriggers().stream()
        .map(PolicyTrigger::getName)
        .filter(n -> n.equals(rule))
        .findFirst()
        .orElse("removed-rule");
  }
}
