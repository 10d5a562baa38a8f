package io.heapcapture.operator.status;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.heapcapture.api.v1alpha1.AnalysisPhase;
import io.heapcapture.api.v1alpha1.AnalysisStatus;
import io.heapcapture.api.v1alpha1.CapturePhase;
import io.heapcapture.api.v1alpha1.HeapCapture;
import io.heapcapture.api.v1alpha1.HeapCaptureStatus;
import io.heapcapture.api.v1alpha1.TargetPhase;
import io.heapcapture.api.v1alpha1.TargetStatus;
import java.time.Clock;
import java.util.List;

/**
 * Emits Kubernetes Events for what changed between two statuses: a target started, stored or
 * failed, its analysis started, succeeded (with the first leak suspect) or failed, or the capture
 * as a whole failed without targets. Emitting is best effort: a lost Event must never fail a
 * capture.
 */
public final class CaptureEvents {
  private final OnceEvents events;

  public CaptureEvents(KubernetesClient client, Clock clock) {
    this.events = new OnceEvents(client, clock);
  }

  public void announceChanges(
      HeapCapture capture, HeapCaptureStatus before, HeapCaptureStatus after) {
    List<TargetStatus> old = before == null ? List.of() : before.getTargets();
    for (TargetStatus target : after.getTargets()) {
      TargetPhase was =
          old.stream()
              .filter(t -> t.getId().equals(target.getId()))
              .map(TargetStatus::getPhase)
              .findFirst()
              .orElse(null);
      if (was == target.getPhase()) {
        continue;
      }
      String key = target.getId() + "/" + target.getPhase();
      switch (target.getPhase()) {
        case Dumping ->
            emit(
                capture,
                key,
                "Normal",
                "DumpStarted",
                "dumping the heap of " + target.getPod() + "/" + target.getContainer());
        case Succeeded ->
            emit(
                capture,
                key,
                "Normal",
                "DumpStored",
                target.getPod()
                    + ": stored "
                    + target.getObjectUri()
                    + " ("
                    + target.getStoredBytes()
                    + " bytes, sha256 "
                    + target.getSha256()
                    + ", pause "
                    + target.getPauseMillis()
                    + " ms)");
        case Failed ->
            emit(
                capture,
                key,
                "Warning",
                target.getReason(),
                target.getPod() + ": " + target.getMessage());
        default -> {}
      }
    }
    for (TargetStatus target : after.getTargets()) {
      announceAnalysis(capture, analysisOf(old, target.getId()), target);
    }
    boolean failedWithoutTargets =
        after.getPhase() == CapturePhase.Failed
            && after.getTargets().isEmpty()
            && (before == null || before.getPhase() != CapturePhase.Failed);
    if (failedWithoutTargets) {
      emit(
          capture, "capture/" + after.getPhase(), "Warning", after.getReason(), after.getMessage());
    }
  }

  private void announceAnalysis(HeapCapture capture, AnalysisPhase was, TargetStatus target) {
    AnalysisStatus analysis = target.getAnalysis();
    if (analysis == null || analysis.getPhase() == was) {
      return;
    }
    String key = target.getId() + "/analysis/" + analysis.getPhase();
    switch (analysis.getPhase()) {
      case Running ->
          emit(
              capture,
              key,
              "Normal",
              "AnalysisStarted",
              target.getPod()
                  + ": analysing the dump in Job "
                  + analysis.getJob()
                  + (analysis.getBaselineUri() == null
                      ? ", without a baseline"
                      : " against " + analysis.getBaselineUri()));
      case Succeeded ->
          emit(capture, key, "Normal", "Analyzed", target.getPod() + ": " + headline(analysis));
      case Failed ->
          emit(
              capture,
              key,
              "Warning",
              analysis.getReason(),
              target.getPod() + ": " + analysis.getMessage());
    }
  }

  /** The first suspect's sentence, or what the heap holds when nothing stands out. */
  static String headline(AnalysisStatus analysis) {
    if (analysis.getSuspects() != null && !analysis.getSuspects().isEmpty()) {
      return analysis.getSuspects().get(0).getSentence();
    }
    return "no leak suspect; " + analysis.getReachableBytes() + " bytes reachable";
  }

  private static AnalysisPhase analysisOf(List<TargetStatus> targets, String id) {
    return targets.stream()
        .filter(t -> t.getId().equals(id) && t.getAnalysis() != null)
        .map(t -> t.getAnalysis().getPhase())
        .findFirst()
        .orElse(null);
  }

  private void emit(HeapCapture about, String key, String type, String reason, String message) {
    events.emit(about, key, type, reason, message);
  }
}
