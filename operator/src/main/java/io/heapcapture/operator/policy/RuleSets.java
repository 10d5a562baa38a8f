package io.heapcapture.operator.policy;

import io.heapcapture.api.v1alpha1.HeapCapturePolicy;
import io.heapcapture.api.v1alpha1.PolicyTrigger;
import io.heapcapture.api.v1alpha1.ProcessSpec;
import io.heapcapture.api.v1alpha1.ThresholdTrigger;
import io.heapcapture.operator.capture.TargetPod;
import io.heapcapture.operator.capture.TargetStepper;
import io.heapcapture.sidecar.api.Condition;
import io.heapcapture.sidecar.api.Rule;
import io.heapcapture.sidecar.api.RuleSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Translates a policy's threshold and outOfMemory triggers into the sidecar's {@link RuleSet}. */
public final class RuleSets {
  private RuleSets() {}

  /** True when some trigger is evaluated by the sidecar, which then has to be armed. */
  public static boolean needsSidecar(HeapCapturePolicy policy) {
    return policy.getSpec().getTriggers().stream()
        .anyMatch(t -> t.getThreshold() != null || t.getOutOfMemory() != null);
  }

  /** The rules for one pod; {@code container} is the application container they watch. */
  public static RuleSet forPod(HeapCapturePolicy policy, TargetPod pod, String container)
      throws InvalidPolicyException {
    List<Rule> rules = new ArrayList<>();
    boolean outOfMemory = false;
    for (PolicyTrigger trigger : policy.getSpec().getTriggers()) {
      if (trigger.getThreshold() != null) {
        rules.add(rule(trigger.getName(), trigger.getThreshold()));
      }
      outOfMemory |= trigger.getOutOfMemory() != null;
    }
    ProcessSpec process = policy.getSpec().getTarget().getProcess();
    return new RuleSet(
        policy.getMetadata().getName(),
        policy.getMetadata().getUid(),
        generation(policy),
        container,
        pod.containerId(container).orElse(null),
        process == null ? null : process.getCommandPattern(),
        TargetStepper.kindOf(
            policy.getSpec().getCapture() == null ? null : policy.getSpec().getCapture().getKind()),
        rules,
        outOfMemory);
  }

  static long generation(HeapCapturePolicy policy) {
    Long generation = policy.getMetadata().getGeneration();
    return generation == null ? 0 : generation;
  }

  static Rule rule(String name, ThresholdTrigger t) throws InvalidPolicyException {
    Condition condition;
    double above;
    if (t.getHeapUsedPercent() != null) {
      condition = Condition.HEAP_USED_PERCENT;
      above = t.getHeapUsedPercent();
    } else if (t.getOldGenAfterGcPercent() != null) {
      condition = Condition.OLD_GEN_AFTER_GC_PERCENT;
      above = t.getOldGenAfterGcPercent();
    } else if (t.getGcTimePercent() != null) {
      condition = Condition.GC_TIME_PERCENT;
      above = t.getGcTimePercent();
    } else if (t.getContainerMemoryPercent() != null) {
      condition = Condition.CONTAINER_MEMORY_PERCENT;
      above = t.getContainerMemoryPercent();
    } else if (t.getProcessRssBytes() != null) {
      condition = Condition.PROCESS_RSS_BYTES;
      above = t.getProcessRssBytes();
    } else {
      throw new InvalidPolicyException("threshold trigger " + name + " names no condition");
    }
    return new Rule(
        name,
        condition,
        above,
        Durations.parse(t.getHoldFor(), Duration.ZERO),
        Durations.parse(t.getCooldown(), Duration.ZERO),
        t.getRearmBelow(),
        Durations.parse(t.getRearmAfter(), Duration.ZERO),
        t.getMaxCount() == null ? 0 : t.getMaxCount(),
        Durations.parse(t.getWindow(), Duration.ZERO));
  }
}
