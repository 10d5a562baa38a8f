package io.heapcapture.operator.capture;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.heapcapture.api.v1alpha1.HeapCapture;
import io.heapcapture.api.v1alpha1.HeapCaptureStatus;
import io.heapcapture.api.v1alpha1.TargetPhase;
import io.heapcapture.api.v1alpha1.TargetStatus;
import io.heapcapture.operator.analysis.AnalysisStepper;
import io.heapcapture.operator.storage.ObjectStore;
import io.heapcapture.operator.storage.StorageException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One reconcile pass over a HeapCapture: plan the targets once, then move each a step, within the
 * concurrency budget and the deadline. Works on copies; the caller writes the status.
 */
public final class CaptureRun {
  static final Duration ACTIVE_RECHECK = Duration.ofSeconds(2);
  static final Duration WAITING_RECHECK = Duration.ofSeconds(5);
  static final Duration CLEANUP_RECHECK = Duration.ofSeconds(30);

  private final CapturePlanner planner;
  private final TargetStepper stepper;
  private final StorageAccess storage;
  private final AnalysisStepper analysis;
  private final Clock clock;

  public CaptureRun(
      CapturePlanner planner,
      TargetStepper stepper,
      StorageAccess storage,
      AnalysisStepper analysis,
      Clock clock) {
    this.planner = planner;
    this.stepper = stepper;
    this.storage = storage;
    this.analysis = analysis;
    this.clock = clock;
  }

  /**
   * One pass. {@code analyzerJobs}: the capture's analyzer Jobs by name, from the informer's cache,
   * so a pass over a running analysis reads nothing from the API server or the store.
   */
  public CaptureProgress advance(HeapCapture capture, Map<String, Job> analyzerJobs) {
    HeapCaptureStatus previous =
        capture.getStatus() == null ? new HeapCaptureStatus() : capture.getStatus();
    String startTime =
        previous.getStartTime() != null
            ? previous.getStartTime()
            : Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString();
    List<TargetStatus> targets = copies(previous.getTargets());
    boolean pastDeadline = pastDeadline(capture, startTime);

    if (targets.isEmpty()) {
      if (previous.getCompletionTime() != null) {
        return settled(previous, startTime);
      }
      TargetPlan plan = planner.plan(capture);
      if (plan instanceof TargetPlan.GiveUp giveUp) {
        return ended(startTime, new CaptureProgress.Outcome(giveUp.reason(), giveUp.message()));
      }
      if (plan instanceof TargetPlan.Wait wait) {
        if (pastDeadline) {
          return ended(
              startTime,
              new CaptureProgress.Outcome(
                  Reason.Timeout,
                  "gave up after " + timeout(capture).toSeconds() + "s: " + wait.message()));
        }
        return new CaptureProgress(
            List.of(),
            startTime,
            new CaptureProgress.Outcome(wait.reason(), wait.message()),
            false,
            Optional.of(WAITING_RECHECK));
      }
      targets = copies(((TargetPlan.Capture) plan).targets());
    }

    if (targets.stream().allMatch(t -> settled(capture, t))) {
      return new CaptureProgress(targets, startTime, null, false, Optional.empty());
    }
    CaptureContext ctx;
    try {
      ObjectStore store =
          storage.storeFor(capture.getMetadata().getNamespace(), capture.getSpec().getStorage());
      ctx = new CaptureContext(capture, store, timeout(capture).plus(Duration.ofMinutes(5)));
    } catch (StorageException e) {
      for (TargetStatus target : targets) {
        if (!target.getPhase().isTerminal()) {
          target.setPhase(TargetPhase.Failed);
          target.setReason(Reason.of(e.failure()).name());
          target.setMessage(e.getMessage());
        }
      }
      return new CaptureProgress(targets, startTime, null, false, Optional.empty());
    }

    int budget = capture.getSpec().getLimits().getMaxConcurrent();
    for (TargetStatus target : targets) {
      if (pastDeadline) {
        stepper.abandon(
            ctx,
            target,
            Reason.Timeout,
            "not finished within " + timeout(capture).toSeconds() + "s");
        continue;
      }
      boolean mayStart = active(targets) < budget;
      stepper.advance(ctx, target, mayStart);
    }
    for (TargetStatus target : targets) {
      analysis.advance(capture, ctx.store(), target, analyzerJobs);
    }
    return new CaptureProgress(targets, startTime, null, false, recheck(capture, targets));
  }

  private static CaptureProgress settled(HeapCaptureStatus previous, String startTime) {
    return new CaptureProgress(
        List.of(),
        startTime,
        previous.getReason() == null
            ? null
            : new CaptureProgress.Outcome(
                Reason.valueOf(previous.getReason()), previous.getMessage()),
        true,
        Optional.empty());
  }

  private static CaptureProgress ended(String startTime, CaptureProgress.Outcome outcome) {
    return new CaptureProgress(List.of(), startTime, outcome, true, Optional.empty());
  }

  /** Nothing left to do for this target: dump settled, upload closed, analysis (if any) ended. */
  private static boolean settled(HeapCapture capture, TargetStatus target) {
    return target.getPhase().isTerminal()
        && target.getUploadId() == null
        && !AnalysisStepper.pending(capture, target);
  }

  private static Optional<Duration> recheck(HeapCapture capture, List<TargetStatus> targets) {
    if (targets.stream().anyMatch(t -> !t.getPhase().isTerminal())) {
      return Optional.of(ACTIVE_RECHECK);
    }
    if (targets.stream().anyMatch(t -> AnalysisStepper.pending(capture, t))) {
      return Optional.of(WAITING_RECHECK);
    }
    if (targets.stream().anyMatch(t -> t.getUploadId() != null)) {
      return Optional.of(CLEANUP_RECHECK);
    }
    return Optional.empty();
  }

  private static long active(List<TargetStatus> targets) {
    return targets.stream()
        .filter(t -> t.getPhase() == TargetPhase.Dumping || t.getPhase() == TargetPhase.Uploading)
        .count();
  }

  private boolean pastDeadline(HeapCapture capture, String startTime) {
    return Instant.now(clock).isAfter(Instant.parse(startTime).plus(timeout(capture)));
  }

  private static Duration timeout(HeapCapture capture) {
    return Duration.ofSeconds(capture.getSpec().getLimits().getTimeoutSeconds());
  }

  private static List<TargetStatus> copies(List<TargetStatus> targets) {
    List<TargetStatus> copies = new ArrayList<>();
    if (targets != null) {
      for (TargetStatus t : targets) {
        copies.add(TargetStatusCopy.of(t));
      }
    }
    return copies;
  }
}
