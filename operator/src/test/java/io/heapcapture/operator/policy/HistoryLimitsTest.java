package io.heapcapture.operator.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.heapcapture.api.v1alpha1.AnalysisPhase;
import io.heapcapture.api.v1alpha1.AnalysisStatus;
import io.heapcapture.api.v1alpha1.CapturePhase;
import io.heapcapture.api.v1alpha1.HeapCapture;
import io.heapcapture.api.v1alpha1.HeapCaptureStatus;
import io.heapcapture.api.v1alpha1.TargetStatus;
import java.util.List;
import org.junit.jupiter.api.Test;

class HistoryLimitsTest {
  @Test
  void theOldestFinishedBeyondEachLimitGo() {
    List<HeapCapture> owned =
        List.of(
            capture("s1", "2026-03-01T10:00:00Z", CapturePhase.Succeeded),
            capture("s3", "2026-03-01T10:02:00Z", CapturePhase.Succeeded),
            capture("s2", "2026-03-01T10:01:00Z", CapturePhase.Succeeded),
            capture("f1", "2026-03-01T10:00:30Z", CapturePhase.Failed),
            capture("f2", "2026-03-01T10:01:30Z", CapturePhase.Failed),
            capture("running", "2026-03-01T09:00:00Z", CapturePhase.Capturing));

    List<String> doomed =
        HistoryLimits.beyond(owned, 2, 1).stream().map(c -> c.getMetadata().getName()).toList();

    assertThat(doomed).containsExactly("s1", "f1");
  }

  @Test
  void aCaptureWhoseAnalysisRunsIsNotFinished() {
    HeapCapture analysing = capture("a", "2026-03-01T10:00:00Z", CapturePhase.Succeeded);
    TargetStatus target = new TargetStatus();
    AnalysisStatus analysis = new AnalysisStatus();
    analysis.setPhase(AnalysisPhase.Running);
    target.setAnalysis(analysis);
    analysing.getStatus().getTargets().add(target);

    assertThat(HistoryLimits.beyond(List.of(analysing), 0, 0)).isEmpty();
    assertThat(HistoryLimits.finished(analysing)).isFalse();
  }

  @Test
  void aLimitOfZeroKeepsNone() {
    HeapCapture done = capture("d", "2026-03-01T10:00:00Z", CapturePhase.Succeeded);

    assertThat(HistoryLimits.beyond(List.of(done), 0, 3)).containsExactly(done);
  }

  static HeapCapture capture(String name, String created, CapturePhase phase) {
    HeapCapture capture = new HeapCapture();
    capture.setMetadata(
        new ObjectMetaBuilder()
            .withName(name)
            .withNamespace(PolicyFixtures.NAMESPACE)
            .withCreationTimestamp(created)
            .build());
    HeapCaptureStatus status = new HeapCaptureStatus();
    status.setPhase(phase);
    capture.setStatus(status);
    return capture;
  }
}
