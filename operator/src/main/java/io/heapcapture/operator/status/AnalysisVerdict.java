package io.heapcapture.operator.status;

import io.heapcapture.api.v1alpha1.AnalysisPhase;
import io.heapcapture.api.v1alpha1.AnalysisStatus;
import io.heapcapture.api.v1alpha1.TargetPhase;
import io.heapcapture.api.v1alpha1.TargetStatus;
import io.heapcapture.operator.analysis.AnalysisReason;
import java.util.List;

/**
 * The {@code Analyzed} condition of a capture: true once every stored dump has its report; false
 * with a reason while dumps are still being taken or analysed, or when an analysis failed.
 */
record AnalysisVerdict(boolean done, AnalysisReason reason, String message) {

  static AnalysisVerdict of(List<TargetStatus> targets, boolean captureEnded) {
    List<TargetStatus> stored =
        targets.stream().filter(t -> t.getPhase() == TargetPhase.Succeeded).toList();
    List<AnalysisStatus> analyses =
        stored.stream().map(TargetStatus::getAnalysis).filter(a -> a != null).toList();
    long finished = analyses.stream().filter(a -> a.getPhase().isTerminal()).count();
    if (!captureEnded || finished < stored.size()) {
      return new AnalysisVerdict(
          false,
          AnalysisReason.Analyzing,
          "analysed " + finished + " of " + stored.size() + " stored dumps");
    }
    if (stored.isEmpty()) {
      return new AnalysisVerdict(false, AnalysisReason.NothingToAnalyze, "no dump was stored");
    }
    for (TargetStatus target : stored) {
      AnalysisStatus analysis = target.getAnalysis();
      if (analysis.getPhase() == AnalysisPhase.Failed) {
        long failed = analyses.stream().filter(a -> a.getPhase() == AnalysisPhase.Failed).count();
        return new AnalysisVerdict(
            false,
            AnalysisReason.valueOf(analysis.getReason()),
            failed
                + " of "
                + stored.size()
                + " analyses failed; "
                + target.getPod()
                + ": "
                + analysis.getMessage());
      }
    }
    return new AnalysisVerdict(
        true,
        AnalysisReason.Analyzed,
        stored.get(0).getPod() + ": " + CaptureEvents.headline(stored.get(0).getAnalysis()));
  }
}
