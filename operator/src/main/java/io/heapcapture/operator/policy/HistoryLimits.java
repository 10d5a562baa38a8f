package io.heapcapture.operator.policy;

import io.heapcapture.api.v1alpha1.AnalysisPhase;
import io.heapcapture.api.v1alpha1.CapturePhase;
import io.heapcapture.api.v1alpha1.HeapCapture;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Keeps the number of finished HeapCaptures of a policy bounded, as a CronJob does with its Jobs:
 * the newest {@code successful} succeeded and {@code failed} failed ones stay. A capture whose
 * analysis still runs is not finished: deleting it would take its analyzer Job with it.
 */
public final class HistoryLimits {
  private HistoryLimits() {}

  /** The captures to delete, oldest first. */
  public static List<HeapCapture> beyond(List<HeapCapture> owned, int successful, int failed) {
    List<HeapCapture> doomed = new ArrayList<>();
    doomed.addAll(oldestBeyond(finished(owned, CapturePhase.Succeeded), successful));
    doomed.addAll(oldestBeyond(finished(owned, CapturePhase.Failed), failed));
    return doomed;
  }

  /** True when the capture reached Succeeded or Failed and no analysis of it runs. */
  public static boolean finished(HeapCapture capture) {
    if (capture.getStatus() == null || capture.getStatus().getPhase() == null) {
      return false;
    }
    CapturePhase phase = capture.getStatus().getPhase();
    if (phase != CapturePhase.Succeeded && phase != CapturePhase.Failed) {
      return false;
    }
    return capture.getStatus().getTargets().stream()
        .noneMatch(
            t -> t.getAnalysis() != null && t.getAnalysis().getPhase() == AnalysisPhase.Running);
  }

  private static List<HeapCapture> finished(List<HeapCapture> owned, CapturePhase phase) {
    return owned.stream()
        .filter(c -> c.getMetadata().getDeletionTimestamp() == null)
        .filter(HistoryLimits::finished)
        .filter(c -> c.getStatus().getPhase() == phase)
        .sorted(
            Comparator.comparing((HeapCapture c) -> c.getMetadata().getCreationTimestamp())
                .thenComparing(c -> c.getMetadata().getName()))
        .toList();
  }

  private static List<HeapCapture> oldestBeyond(List<HeapCapture> sorted, int keep) {
    int extra = sorted.size() - Math.max(0, keep);
    return extra <= 0 ? List.of() : sorted.subList(0, extra);
  }
}
