package io.heapcapture.operator.policy;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.heapcapture.api.v1alpha1.HeapCapturePolicyStatus;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;

/**
 * The policy's Ready condition: its lastTransitionTime stays put while status and reason do not
 * change, so an unchanged policy's status is not rewritten on every pass.
 */
public final class PolicyConditions {
  public static final String READY = "Ready";

  private final Clock clock;

  public PolicyConditions(Clock clock) {
    this.clock = clock;
  }

  /** Sets Ready on {@code status}, keeping the transition time of {@code before}'s if the same. */
  public void ready(
      HeapCapturePolicyStatus before,
      HeapCapturePolicyStatus status,
      boolean ready,
      String reason,
      String message,
      long generation) {
    String value = ready ? "True" : "False";
    String since = Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString();
    if (before != null) {
      for (Condition old : before.getConditions()) {
        if (READY.equals(old.getType())
            && value.equals(old.getStatus())
            && Objects.equals(reason, old.getReason())
            && old.getLastTransitionTime() != null) {
          since = old.getLastTransitionTime();
        }
      }
    }
    status.setConditions(
        List.of(
            new ConditionBuilder()
                .withType(READY)
                .withStatus(value)
                .withReason(reason)
                .withMessage(message.length() > 1000 ? message.substring(0, 1000) : message)
                .withObservedGeneration(generation)
                .withLastTransitionTime(since)
                .build()));
  }
}
