package io.heapcapture.operator.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.heapcapture.api.v1alpha1.AnalysisPhase;
import io.heapcapture.api.v1alpha1.AnalysisSpec;
import io.heapcapture.api.v1alpha1.AnalysisStatus;
import io.heapcapture.api.v1alpha1.BaselinePolicy;
import io.heapcapture.api.v1alpha1.HeapCapture;
import io.heapcapture.api.v1alpha1.TargetPhase;
import io.heapcapture.api.v1alpha1.TargetStatus;
import io.heapcapture.operator.storage.ObjectLocation;
import io.heapcapture.operator.storage.ObjectStore;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mockito.ArgumentCaptor;
import org.mockito.Mock;
import org.mockito.junit.jupiter.MockitoExtension;
import org.mockito.junit.jupiter.MockitoSettings;
import org.mockito.quality.Strictness;

@ExtendWith(MockitoExtension.class)
@MockitoSettings(strictness = Strictness.LENIENT)
class AnalysisStepperTest {
  private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
  private static final String WORKLOAD = "ReplicaSet/orders-7d4b9";
  private static final String JOB = "heapcapture-analysis-now";
  private static final ObjectLocation REPORT =
      new ObjectLocation("dumps", "prod/shop/now/orders-2-hc-now.report.json");

  @Mock private AnalysisJobs jobs;
  @Mock private ObjectStore store;
  private AnalysisStepper stepper;
  private TargetStatus earlier;
  private TargetStatus target;
  private HeapCapture capture;
  private Map<String, Job> seen = Map.of();

  @BeforeEach
  void setUp() throws Exception {
    stepper =
        new AnalysisStepper(
            jobs,
            new AnalysisJobTemplate(AnalyzerSettings.defaults()),
            Clock.fixed(NOW, ZoneOffset.UTC));
    earlier = BaselinesTest.stored("hc-old", "orders-1", WORKLOAD, "2026-11-25T11:00:00Z");
    target = BaselinesTest.stored("hc-now", "orders-2", WORKLOAD, "2026-11-25T11:59:00Z");
    capture = BaselinesTest.captureWith("now", target);
    capture.getSpec().setAnalysis(new AnalysisSpec());
    when(jobs.capturesIn(any()))
        .thenReturn(List.of(BaselinesTest.captureWith("old", earlier), capture));
    when(store.presignGet(any(), any())).thenAnswer(i -> "https://get/" + i.getArgument(0));
    when(store.presignPut(any(), any(), any())).thenAnswer(i -> "https://put/" + i.getArgument(0));
  }

  @Test
  void aStoredDumpGetsAJobAgainstThePreviousDumpOfItsWorkload() throws Exception {
    stepper.advance(capture, store, target, seen);

    ArgumentCaptor<Secret> secret = ArgumentCaptor.forClass(Secret.class);
    ArgumentCaptor<Job> job = ArgumentCaptor.forClass(Job.class);
    verify(jobs).create(secret.capture(), job.capture());
    AnalysisStatus analysis = target.getAnalysis();
    assertThat(analysis.getPhase()).isEqualTo(AnalysisPhase.Running);
    assertThat(analysis.getJob()).isEqualTo(job.getValue().getMetadata().getName());
    assertThat(analysis.getBaselineUri())
        .isEqualTo("s3://dumps/prod/shop/old/orders-1-hc-old.hprof.zst");
    assertThat(analysis.getReportUri()).isEqualTo(REPORT.uri());
    assertThat(analysis.getMemory()).isEqualTo("512Mi");
    assertThat(analysis.getStartedAt()).isEqualTo("2026-11-25T12:00:00Z");
    assertThat(secret.getValue().getStringData())
        .containsEntry(
            "HEAPCAPTURE_BASELINE_URL",
            "https://get/s3://dumps/prod/shop/old/orders-1-hc-old.hprof.zst")
        .containsEntry("HEAPCAPTURE_REPORT_JSON_URL", "https://put/" + REPORT.uri());
    verify(store)
        .presignPut(eq(REPORT), eq("application/json"), eq(java.time.Duration.ofMinutes(75)));
  }

  @Test
  void baselineNoneAndAMemoryOverrideAreHonoured() {
    capture.getSpec().getAnalysis().setBaseline(BaselinePolicy.None);
    capture.getSpec().getAnalysis().setMemory("6Gi");

    stepper.advance(capture, store, target, seen);

    assertThat(target.getAnalysis().getBaselineUri()).isNull();
    assertThat(target.getAnalysis().getMemory()).isEqualTo("6Gi");
    verify(jobs, never()).capturesIn(any());
  }

  @Test
  void theReportInTheStoreEndsTheAnalysisWithItsHeadline() throws Exception {
    target.setAnalysis(running("2026-11-25T11:59:30Z"));
    seen = Map.of(JOB, job("Complete", null));
    when(store.readSmallObject(eq(REPORT), anyLong()))
        .thenReturn(Optional.of(ReportHeadlineTest.demoReport()));

    stepper.advance(capture, store, target, seen);

    assertThat(target.getAnalysis().getPhase()).isEqualTo(AnalysisPhase.Succeeded);
    assertThat(target.getAnalysis().getReason()).isEqualTo("Analyzed");
    assertThat(target.getAnalysis().getSuspects()).isNotEmpty();
    assertThat(target.getAnalysis().getFinishedAt()).isEqualTo("2026-11-25T12:00:00Z");
    verify(jobs).forgetUrls(capture.getMetadata().getNamespace(), target.getAnalysis().getJob());
  }

  @Test
  void aRunningJobIsLeftRunningWithoutReadingTheStoreOrTheApiServer() throws Exception {
    target.setAnalysis(running("2026-11-25T11:59:30Z"));
    seen = Map.of(JOB, job(null, null));

    stepper.advance(capture, store, target, seen);

    assertThat(target.getAnalysis().getPhase()).isEqualTo(AnalysisPhase.Running);
    verify(store, never()).readSmallObject(any(), anyLong());
    verify(jobs, never()).find(any(), any());
    verify(jobs, never()).forgetUrls(any(), any());
  }

  @Test
  void aJobTheCacheHasNotSeenYetIsLookedUpAndLeftRunning() throws Exception {
    target.setAnalysis(running("2026-11-25T11:59:30Z"));
    when(store.readSmallObject(any(), anyLong())).thenReturn(Optional.empty());
    when(jobs.find(any(), eq(JOB))).thenReturn(Optional.of(job(null, null)));

    stepper.advance(capture, store, target, seen);

    assertThat(target.getAnalysis().getPhase()).isEqualTo(AnalysisPhase.Running);
    verify(jobs, never()).forgetUrls(any(), any());
  }

  @Test
  void aFailedJobFailsTheAnalysisWithItsReason() throws Exception {
    target.setAnalysis(running("2026-11-25T11:59:30Z"));
    when(store.readSmallObject(any(), anyLong())).thenReturn(Optional.empty());
    seen = Map.of(JOB, job("Failed", "Job has reached the specified backoff limit"));

    stepper.advance(capture, store, target, seen);

    assertThat(target.getAnalysis().getPhase()).isEqualTo(AnalysisPhase.Failed);
    assertThat(target.getAnalysis().getReason()).isEqualTo("AnalysisJobFailed");
    assertThat(target.getAnalysis().getMessage())
        .contains("backoff limit", "kubectl logs job/" + target.getAnalysis().getJob());
    verify(jobs).forgetUrls(any(), any());
  }

  @Test
  void aDeletedJobAndACompleteJobWithoutReportAreFailures() throws Exception {
    target.setAnalysis(running("2026-11-25T11:59:30Z"));
    when(store.readSmallObject(any(), anyLong())).thenReturn(Optional.empty());
    when(jobs.find(any(), any())).thenReturn(Optional.empty());
    stepper.advance(capture, store, target, seen);
    assertThat(target.getAnalysis().getReason()).isEqualTo("AnalysisJobLost");

    target.setAnalysis(running("2026-11-25T11:59:30Z"));
    seen = Map.of(JOB, job("Complete", null));
    stepper.advance(capture, store, target, seen);
    assertThat(target.getAnalysis().getReason()).isEqualTo("ReportMissing");
    assertThat(target.getAnalysis().getMessage()).contains(REPORT.uri());
  }

  @Test
  void anAnalysisPastItsTimeoutFails() throws Exception {
    // Started 3600 s + the grace period before NOW.
    target.setAnalysis(running("2026-11-25T10:57:00Z"));
    when(store.readSmallObject(any(), anyLong())).thenReturn(Optional.empty());
    seen = Map.of(JOB, job(null, null));

    stepper.advance(capture, store, target, seen);

    assertThat(target.getAnalysis().getReason()).isEqualTo("AnalysisTimeout");
  }

  @Test
  void aJobTheApiServerRefusesFailsTheAnalysisWithItsMessage() {
    org.mockito.Mockito.doThrow(
            new KubernetesClientException(
                new StatusBuilder()
                    .withCode(403)
                    .withMessage("exceeded quota: compute, requested: limits.memory=512Mi")
                    .build()))
        .when(jobs)
        .create(any(), any());

    stepper.advance(capture, store, target, seen);

    assertThat(target.getAnalysis().getPhase()).isEqualTo(AnalysisPhase.Failed);
    assertThat(target.getAnalysis().getReason()).isEqualTo("AnalysisNotStarted");
    assertThat(target.getAnalysis().getMessage()).contains("exceeded quota");
  }

  @Test
  void aTransientApiErrorIsRetriedOnTheNextPass() {
    org.mockito.Mockito.doThrow(new KubernetesClientException("connection reset"))
        .when(jobs)
        .create(any(), any());

    stepper.advance(capture, store, target, seen);

    assertThat(target.getAnalysis()).isNull();
    assertThat(AnalysisStepper.pending(capture, target)).isTrue();
  }

  @Test
  void nothingHappensWithoutSpecAnalysisOrBeforeTheDumpIsStored() {
    capture.getSpec().setAnalysis(null);
    stepper.advance(capture, store, target, seen);

    capture.getSpec().setAnalysis(new AnalysisSpec());
    target.setPhase(TargetPhase.Uploading);
    stepper.advance(capture, store, target, seen);

    assertThat(target.getAnalysis()).isNull();
    verifyNoInteractions(jobs);
  }

  private static AnalysisStatus running(String startedAt) {
    AnalysisStatus analysis = new AnalysisStatus();
    analysis.setPhase(AnalysisPhase.Running);
    analysis.setJob(JOB);
    analysis.setReportUri(REPORT.uri());
    analysis.setStartedAt(startedAt);
    return analysis;
  }

  private static Job job(String condition, String message) {
    JobBuilder job =
        new JobBuilder().withNewMetadata().withName("heapcapture-analysis-now").endMetadata();
    if (condition == null) {
      return job.withNewStatus().withActive(1).endStatus().build();
    }
    return job.withNewStatus()
        .addNewCondition()
        .withType(condition)
        .withStatus("True")
        .withReason(condition.equals("Failed") ? "BackoffLimitExceeded" : null)
        .withMessage(message)
        .endCondition()
        .endStatus()
        .build();
  }
}
