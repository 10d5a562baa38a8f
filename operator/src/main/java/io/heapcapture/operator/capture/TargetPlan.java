package io.heapcapture.operator.capture;

import io.heapcapture.api.v1alpha1.TargetStatus;
import java.util.List;

/** What planning found: targets to capture, a reason to wait, or a reason to give up. */
public sealed interface TargetPlan {
  /** Capture these targets. */
  record Capture(List<TargetStatus> targets, String message) implements TargetPlan {}

  /** Nothing to capture yet; look again later. */
  record Wait(Reason reason, String message) implements TargetPlan {}

  /** Nothing can be captured. */
  record GiveUp(Reason reason, String message) implements TargetPlan {}
}
