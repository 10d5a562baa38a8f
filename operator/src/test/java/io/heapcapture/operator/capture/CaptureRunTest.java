package io.heapcapture.operator.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.heapcapture.api.v1alpha1.HeapCapture;
import io.heapcapture.api.v1alpha1.HeapCaptureStatus;
import io.heapcapture.api.v1alpha1.TargetPhase;
import io.heapcapture.api.v1alpha1.TargetStatus;
import io.heapcapture.operator.analysis.AnalysisJobTemplate;
import io.heapcapture.operator.analysis.AnalysisJobs;
import io.heapcapture.operator.analysis.AnalysisStepper;
import io.heapcapture.operator.analysis.AnalyzerSettings;
import io.heapcapture.operator.sidecar.SidecarClient;
import io.heapcapture.operator.sidecar.SidecarEndpoint;
import io.heapcapture.operator.storage.ObjectStore;
import io.heapcapture.operator.storage.ObjectStores;
import io.heapcapture.sidecar.api.CapturePhase;
import io.heapcapture.sidecar.api.CaptureState;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mockito.Mock;
import org.mockito.junit.jupiter.MockitoExtension;

/** The concurrency budget of one pass; the steps themselves are covered by TargetStepperTest. */
@ExtendWith(MockitoExtension.class)
class CaptureRunTest {
  private static final Instant NOW = Instant.parse("2025-03-01T10:15:30Z");
  private static final SidecarEndpoint FIRST_SIDECAR = new SidecarEndpoint("10.0.0.11", 8086);
  private static final SidecarEndpoint SECOND_SIDECAR = new SidecarEndpoint("10.0.0.12", 8086);

  @Mock private SidecarClient sidecars;
  @Mock private EphemeralContainers ephemeral;
  @Mock private ObjectStore store;
  @Mock private AnalysisJobs jobs;

  private final FakePods pods =
      new FakePods(
          TestPods.ready("orders-1", "uid-orders-1", "10.0.0.11", "app"),
          TestPods.ready("orders-2", "uid-orders-2", "10.0.0.12", "app"));
  private CaptureRun run;

  @BeforeEach
  void setUp() {
    Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    run =
        new CaptureRun(
            new CapturePlanner(pods),
            new TargetStepper(pods, sidecars, ephemeral, Optional.empty(), clock),
            // No Kubernetes client: these captures name no credentials Secret to read.
            new StorageAccess(null, new ObjectStores(connection -> store)),
            new AnalysisStepper(jobs, new AnalysisJobTemplate(AnalyzerSettings.defaults()), clock),
            clock);
  }

  @Test
  void onePassStartsNoMoreTargetsThanMaxConcurrent() throws Exception {
    HeapCapture capture = captureOfTwoPods();
    when(store.createUpload(any(), any())).thenReturn("upload-1");
    when(sidecars.startCapture(any(), any())).thenReturn(state(CapturePhase.DUMPING));

    CaptureProgress progress = run.advance(capture, Map.of());

    assertThat(progress.targets())
        .extracting(TargetStatus::getPhase)
        .containsExactly(TargetPhase.Dumping, TargetPhase.Pending);
    verify(sidecars, times(1)).startCapture(any(), any());
    verify(store, times(1)).createUpload(any(), any());
  }

  @Test
  void aTargetInProgressHoldsTheOnlySlot() throws Exception {
    HeapCapture capture = captureOfTwoPods();
    capture.setStatus(
        statusWith(
            started(TestCaptures.target("hc-1", "orders-1", TargetPhase.Dumping)),
            TestCaptures.target("hc-2", "orders-2", TargetPhase.Pending)));
    when(sidecars.captureState(eq(FIRST_SIDECAR), eq("hc-1")))
        .thenReturn(state(CapturePhase.DUMPING));

    CaptureProgress progress = run.advance(capture, Map.of());

    assertThat(progress.targets())
        .extracting(TargetStatus::getPhase)
        .containsExactly(TargetPhase.Dumping, TargetPhase.Pending);
    verify(sidecars, never()).startCapture(any(), any());
  }

  @Test
  void aFinishedTargetFreesItsSlotForTheNext() throws Exception {
    HeapCapture capture = captureOfTwoPods();
    capture.setStatus(
        statusWith(
            TestCaptures.target("hc-1", "orders-1", TargetPhase.Succeeded),
            TestCaptures.target("hc-2", "orders-2", TargetPhase.Pending)));
    when(store.createUpload(any(), any())).thenReturn("upload-2");
    when(sidecars.startCapture(eq(SECOND_SIDECAR), any())).thenReturn(state(CapturePhase.DUMPING));

    CaptureProgress progress = run.advance(capture, Map.of());

    assertThat(progress.targets())
        .extracting(TargetStatus::getPhase)
        .containsExactly(TargetPhase.Succeeded, TargetPhase.Dumping);
  }

  private static HeapCapture captureOfTwoPods() {
    HeapCapture capture = TestCaptures.bySelector();
    capture.getSpec().getLimits().setMaxTargets(2);
    capture.getSpec().getLimits().setMaxConcurrent(1);
    return capture;
  }

  private static HeapCaptureStatus statusWith(TargetStatus... targets) {
    HeapCaptureStatus status = new HeapCaptureStatus();
    status.setStartTime(NOW.toString());
    status.setTargets(List.of(targets));
    return status;
  }

  private static TargetStatus started(TargetStatus target) {
    target.setUploadId("upload-1");
    return target;
  }

  private static CaptureState state(CapturePhase phase) {
    return new CaptureState("hc-1", phase, 42L, NOW, null, null, null, null, null);
  }
}
