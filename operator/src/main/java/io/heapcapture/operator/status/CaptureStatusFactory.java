package io.heapcapture.operator.status;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.heapcapture.api.v1alpha1.CapturePhase;
import io.heapcapture.api.v1alpha1.HeapCapture;
import io.heapcapture.api.v1alpha1.HeapCaptureStatus;
import io.heapcapture.api.v1alpha1.TargetPhase;
import io.heapcapture.api.v1alpha1.TargetStatus;
import io.heapcapture.operator.capture.CaptureProgress;
import io.heapcapture.operator.capture.Reason;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Builds the status from a pass's progress: phase, summary, reason, and the two conditions {@code
 * Complete} and {@code Failed} (as Jobs have them, so {@code kubectl wait --for=condition=Complete}
 * works), plus {@code Analyzed} when spec.analysis asks for analysis. A condition keeps its {@code
 * lastTransitionTime} while its status does not change.
 */
public final class CaptureStatusFactory {
  public static final String COMPLETE = "Complete";
  public static final String FAILED = "Failed";
  public static final String ANALYZED = "Analyzed";

  private final Clock clock;

  public CaptureStatusFactory(Clock clock) {
    this.clock = clock;
  }

  public HeapCaptureStatus statusFor(HeapCapture capture, CaptureProgress progress) {
    HeapCaptureStatus previous =
        capture.getStatus() == null ? new HeapCaptureStatus() : capture.getStatus();
    HeapCaptureStatus status = new HeapCaptureStatus();
    status.setObservedGeneration(capture.getMetadata().getGeneration());
    status.setStartTime(progress.startTime());
    status.setTargets(progress.targets());

    Verdict verdict = verdict(progress);
    status.setPhase(verdict.phase());
    status.setReason(verdict.reason().name());
    status.setMessage(verdict.message());
    long stored =
        progress.targets().stream().filter(t -> t.getPhase() == TargetPhase.Succeeded).count();
    status.setSummary(
        progress.targets().isEmpty() ? null : stored + "/" + progress.targets().size());
    boolean ended =
        verdict.phase() == CapturePhase.Succeeded || verdict.phase() == CapturePhase.Failed;
    status.setCompletionTime(
        ended ? Optional.ofNullable(previous.getCompletionTime()).orElse(now()) : null);

    long generation = Optional.ofNullable(capture.getMetadata().getGeneration()).orElse(0L);
    List<Condition> conditions = new ArrayList<>();
    conditions.add(
        condition(
            previous,
            COMPLETE,
            verdict.phase() == CapturePhase.Succeeded,
            verdict.reason().name(),
            verdict.message(),
            generation));
    conditions.add(
        condition(
            previous,
            FAILED,
            verdict.phase() == CapturePhase.Failed,
            verdict.reason().name(),
            verdict.message(),
            generation));
    if (capture.getSpec().analysisRequested()) {
      AnalysisVerdict analysis = AnalysisVerdict.of(progress.targets(), ended);
      conditions.add(
          condition(
              previous,
              ANALYZED,
              analysis.done(),
              analysis.reason().name(),
              analysis.message(),
              generation));
    }
    status.setConditions(conditions);
    return status;
  }

  private record Verdict(CapturePhase phase, Reason reason, String message) {}

  private static Verdict verdict(CaptureProgress progress) {
    List<TargetStatus> targets = progress.targets();
    if (targets.isEmpty()) {
      CaptureProgress.Outcome outcome = progress.planning();
      CapturePhase phase = progress.gaveUp() ? CapturePhase.Failed : CapturePhase.Pending;
      return outcome == null
          ? new Verdict(phase, Reason.Planned, "planning")
          : new Verdict(phase, outcome.reason(), outcome.message());
    }
    long total = targets.size();
    List<TargetStatus> failed =
        targets.stream().filter(t -> t.getPhase() == TargetPhase.Failed).toList();
    long succeeded = targets.stream().filter(t -> t.getPhase() == TargetPhase.Succeeded).count();
    if (succeeded + failed.size() == total) {
      if (failed.isEmpty()) {
        return new Verdict(
            CapturePhase.Succeeded, Reason.Stored, "stored " + total + " of " + total + " dumps");
      }
      TargetStatus first = failed.get(0);
      return new Verdict(
          CapturePhase.Failed,
          Reason.valueOf(first.getReason()),
          failed.size()
              + " of "
              + total
              + " failed; "
              + first.getPod()
              + ": "
              + first.getMessage());
    }
    boolean started = targets.stream().anyMatch(t -> t.getPhase() != TargetPhase.Pending);
    return new Verdict(
        started ? CapturePhase.Capturing : CapturePhase.Pending,
        started ? Reason.Capturing : Reason.Planned,
        succeeded + " of " + total + " stored, " + failed.size() + " failed");
  }

  private Condition condition(
      HeapCaptureStatus previous,
      String type,
      boolean isTrue,
      String reason,
      String message,
      long generation) {
    String status = isTrue ? "True" : "False";
    String since =
        previous.getConditions() == null
            ? null
            : previous.getConditions().stream()
                .filter(c -> type.equals(c.getType()) && status.equals(c.getStatus()))
                .map(Condition::getLastTransitionTime)
                .filter(Objects::nonNull)
                .findFirst()
                .orElse(null);
    return new ConditionBuilder()
        .withType(type)
        .withStatus(status)
        .withReason(reason)
        .withMessage(message)
        .withObservedGeneration(generation)
        .withLastTransitionTime(since != null ? since : now())
        .build();
  }

  private String now() {
    return Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString();
  }
}
