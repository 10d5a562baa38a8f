package io.heapcapture.operator.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.heapcapture.api.v1alpha1.AnalysisPhase;
import io.heapcapture.api.v1alpha1.AnalysisSpec;
import io.heapcapture.api.v1alpha1.AnalysisStatus;
import io.heapcapture.api.v1alpha1.CapturePhase;
import io.heapcapture.api.v1alpha1.HeapCapture;
import io.heapcapture.api.v1alpha1.HeapCaptureSpec;
import io.heapcapture.api.v1alpha1.HeapCaptureStatus;
import io.heapcapture.api.v1alpha1.SuspectSummary;
import io.heapcapture.api.v1alpha1.TargetPhase;
import io.heapcapture.api.v1alpha1.TargetStatus;
import io.heapcapture.operator.capture.CaptureProgress;
import io.heapcapture.operator.capture.Reason;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CaptureStatusFactoryTest {
  private static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");
  private static final String START = T0.toString();

  private final MutableClock clock = new MutableClock(T0);
  private final CaptureStatusFactory factory = new CaptureStatusFactory(clock);
  private final HeapCapture capture = capture(7L);

  @Test
  void waitingWithoutTargetsIsPendingWithThePlanningReason() {
    HeapCaptureStatus status =
        factory.statusFor(
            capture,
            withoutTargets(
                Reason.WaitingForSidecar, "waiting for the sidecar in [orders-1]", false));

    assertThat(status.getPhase()).isEqualTo(CapturePhase.Pending);
    assertThat(status.getReason()).isEqualTo("WaitingForSidecar");
    assertThat(status.getMessage()).isEqualTo("waiting for the sidecar in [orders-1]");
    assertThat(status.getSummary()).isNull();
    assertThat(status.getCompletionTime()).isNull();
    assertThat(condition(status, "Complete").getStatus()).isEqualTo("False");
    assertThat(condition(status, "Failed").getStatus()).isEqualTo("False");
  }

  @Test
  void givingUpWithoutTargetsIsFailed() {
    HeapCaptureStatus status =
        factory.statusFor(
            capture, withoutTargets(Reason.NoMatchingPods, "no pod in shop matches", true));

    assertThat(status.getPhase()).isEqualTo(CapturePhase.Failed);
    assertThat(status.getReason()).isEqualTo("NoMatchingPods");
    assertThat(status.getCompletionTime()).isEqualTo(START);
    assertThat(condition(status, "Failed").getStatus()).isEqualTo("True");
    assertThat(condition(status, "Failed").getReason()).isEqualTo("NoMatchingPods");
    assertThat(condition(status, "Complete").getStatus()).isEqualTo("False");
  }

  @Test
  void everyTargetStoredIsSucceededAndComplete() {
    HeapCaptureStatus status =
        factory.statusFor(
            capture,
            withTargets(
                target("orders-1", TargetPhase.Succeeded),
                target("orders-2", TargetPhase.Succeeded)));

    assertThat(status.getPhase()).isEqualTo(CapturePhase.Succeeded);
    assertThat(status.getReason()).isEqualTo("Stored");
    assertThat(status.getSummary()).isEqualTo("2/2");
    assertThat(status.getCompletionTime()).isEqualTo(START);
    assertThat(condition(status, "Complete").getStatus()).isEqualTo("True");
    assertThat(condition(status, "Failed").getStatus()).isEqualTo("False");
  }

  @Test
  void oneFailedTargetFailsTheCaptureWithItsReason() {
    TargetStatus failed = failed("orders-2");
    failed.setReason("AttachDisabled");
    failed.setMessage("-XX:+DisableAttachMechanism is set");

    HeapCaptureStatus status =
        factory.statusFor(capture, withTargets(target("orders-1", TargetPhase.Succeeded), failed));

    assertThat(status.getPhase()).isEqualTo(CapturePhase.Failed);
    assertThat(status.getReason()).isEqualTo("AttachDisabled");
    assertThat(status.getMessage()).contains("1 of 2", "orders-2", "DisableAttachMechanism");
    assertThat(status.getSummary()).isEqualTo("1/2");
    assertThat(condition(status, "Failed").getStatus()).isEqualTo("True");
    assertThat(condition(status, "Complete").getStatus()).isEqualTo("False");
  }

  @Test
  void aTargetInProgressIsCapturing() {
    HeapCaptureStatus status =
        factory.statusFor(
            capture,
            withTargets(
                target("orders-1", TargetPhase.Dumping), target("orders-2", TargetPhase.Pending)));

    assertThat(status.getPhase()).isEqualTo(CapturePhase.Capturing);
    assertThat(status.getReason()).isEqualTo("Capturing");
    assertThat(status.getSummary()).isEqualTo("0/2");
    assertThat(status.getCompletionTime()).isNull();
  }

  @Test
  void conditionsCarryTheObservedGeneration() {
    HeapCaptureStatus status =
        factory.statusFor(capture, withTargets(target("orders-1", TargetPhase.Dumping)));

    assertThat(status.getObservedGeneration()).isEqualTo(7L);
    assertThat(status.getConditions())
        .extracting(Condition::getType, Condition::getObservedGeneration)
        .containsExactlyInAnyOrder(tuple("Complete", 7L), tuple("Failed", 7L));
  }

  @Test
  void lastTransitionTimeMovesOnlyWhenAConditionFlips() {
    capture.setStatus(
        factory.statusFor(capture, withTargets(target("orders-1", TargetPhase.Dumping))));
    clock.advance(Duration.ofMinutes(1));
    capture.setStatus(
        factory.statusFor(capture, withTargets(target("orders-1", TargetPhase.Uploading))));

    assertThat(condition(capture.getStatus(), "Complete").getLastTransitionTime()).isEqualTo(START);

    clock.advance(Duration.ofMinutes(1));
    HeapCaptureStatus done =
        factory.statusFor(capture, withTargets(target("orders-1", TargetPhase.Succeeded)));

    assertThat(condition(done, "Complete").getStatus()).isEqualTo("True");
    assertThat(condition(done, "Complete").getLastTransitionTime())
        .isEqualTo("2025-03-01T10:02:00Z");
    assertThat(condition(done, "Failed").getLastTransitionTime()).isEqualTo(START);
  }

  @Test
  void completionTimeIsSetOnce() {
    capture.setStatus(
        factory.statusFor(capture, withTargets(target("orders-1", TargetPhase.Succeeded))));
    clock.advance(Duration.ofHours(1));

    HeapCaptureStatus later =
        factory.statusFor(capture, withTargets(target("orders-1", TargetPhase.Succeeded)));

    assertThat(later.getCompletionTime()).isEqualTo(START);
  }

  @Test
  void withoutSpecAnalysisThereIsNoAnalyzedCondition() {
    HeapCaptureStatus status =
        factory.statusFor(capture, withTargets(target("orders-1", TargetPhase.Succeeded)));

    assertThat(status.getConditions())
        .extracting(Condition::getType)
        .containsExactly("Complete", "Failed");
  }

  @Test
  void analyzedTurnsTrueOnceEveryStoredDumpHasItsReport() {
    capture.getSpec().setAnalysis(new AnalysisSpec());
    TargetStatus stored = target("orders-1", TargetPhase.Succeeded);
    TargetStatus failed = failed("orders-2");

    HeapCaptureStatus waiting = factory.statusFor(capture, withTargets(stored, failed));
    assertThat(condition(waiting, "Analyzed").getStatus()).isEqualTo("False");
    assertThat(condition(waiting, "Analyzed").getReason()).isEqualTo("Analyzing");
    assertThat(condition(waiting, "Analyzed").getMessage())
        .isEqualTo("analysed 0 of 1 stored dumps");

    stored.setAnalysis(analysis(AnalysisPhase.Running, null, null));
    assertThat(
            condition(factory.statusFor(capture, withTargets(stored, failed)), "Analyzed")
                .getStatus())
        .isEqualTo("False");

    stored.setAnalysis(analysis(AnalysisPhase.Succeeded, "Analyzed", null));
    stored.getAnalysis().setSuspects(List.of(suspect("One java.lang.Object[] retains 25.0 MiB")));
    Condition analyzed =
        condition(factory.statusFor(capture, withTargets(stored, failed)), "Analyzed");
    assertThat(analyzed.getStatus()).isEqualTo("True");
    assertThat(analyzed.getReason()).isEqualTo("Analyzed");
    assertThat(analyzed.getMessage())
        .isEqualTo("orders-1: One java.lang.Object[] retains 25.0 MiB");
  }

  @Test
  void aFailedAnalysisLeavesAnalyzedFalseWithItsReason() {
    capture.getSpec().setAnalysis(new AnalysisSpec());
    TargetStatus stored = target("orders-1", TargetPhase.Succeeded);
    stored.setAnalysis(analysis(AnalysisPhase.Failed, "AnalysisJobFailed", "out of memory"));

    Condition analyzed = condition(factory.statusFor(capture, withTargets(stored)), "Analyzed");

    assertThat(analyzed.getStatus()).isEqualTo("False");
    assertThat(analyzed.getReason()).isEqualTo("AnalysisJobFailed");
    assertThat(analyzed.getMessage()).isEqualTo("1 of 1 analyses failed; orders-1: out of memory");
  }

  @Test
  void aCaptureWithoutStoredDumpsHasNothingToAnalyze() {
    capture.getSpec().setAnalysis(new AnalysisSpec());

    Condition analyzed =
        condition(factory.statusFor(capture, withTargets(failed("orders-1"))), "Analyzed");

    assertThat(analyzed.getStatus()).isEqualTo("False");
    assertThat(analyzed.getReason()).isEqualTo("NothingToAnalyze");
  }

  private static TargetStatus failed(String pod) {
    TargetStatus target = target(pod, TargetPhase.Failed);
    target.setReason("NoJvmFound");
    target.setMessage("no JVM in container app");
    return target;
  }

  private static AnalysisStatus analysis(AnalysisPhase phase, String reason, String message) {
    AnalysisStatus analysis = new AnalysisStatus();
    analysis.setPhase(phase);
    analysis.setReason(reason);
    analysis.setMessage(message);
    return analysis;
  }

  private static SuspectSummary suspect(String sentence) {
    SuspectSummary suspect = new SuspectSummary();
    suspect.setRank(1);
    suspect.setSentence(sentence);
    return suspect;
  }

  private static HeapCapture capture(long generation) {
    HeapCapture capture = new HeapCapture();
    capture.setMetadata(
        new ObjectMetaBuilder()
            .withName("orders-leak")
            .withNamespace("shop")
            .withGeneration(generation)
            .build());
    capture.setSpec(new HeapCaptureSpec());
    return capture;
  }

  private static CaptureProgress withoutTargets(Reason reason, String message, boolean gaveUp) {
    return new CaptureProgress(
        List.of(), START, new CaptureProgress.Outcome(reason, message), gaveUp, Optional.empty());
  }

  private static CaptureProgress withTargets(TargetStatus... targets) {
    return new CaptureProgress(List.of(targets), START, null, false, Optional.empty());
  }

  private static TargetStatus target(String pod, TargetPhase phase) {
    TargetStatus target = new TargetStatus();
    target.setId("hc-" + pod);
    target.setPod(pod);
    target.setPhase(phase);
    return target;
  }

  private static Condition condition(HeapCaptureStatus status, String type) {
    return status.getConditions().stream()
        .filter(c -> type.equals(c.getType()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no condition " + type));
  }
}
