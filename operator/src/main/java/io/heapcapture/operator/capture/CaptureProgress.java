package io.heapcapture.operator.capture;

import io.heapcapture.api.v1alpha1.TargetStatus;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The result of one pass over a capture: the targets as they now stand, and, when there are none,
 * why.
 *
 * @param targets the planned targets, advanced by this pass
 * @param startTime when the capture was first planned
 * @param planning why there are no targets (waiting or given up), or null
 * @param gaveUp the capture ended without targets
 * @param recheckAfter when to look again, empty when nothing is left to do
 */
public record CaptureProgress(
    List<TargetStatus> targets,
    String startTime,
    Outcome planning,
    boolean gaveUp,
    Optional<Duration> recheckAfter) {

  /** A reason with its sentence. */
  public record Outcome(Reason reason, String message) {}
}
