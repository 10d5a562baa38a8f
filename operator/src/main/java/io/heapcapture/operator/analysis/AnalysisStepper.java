package io.heapcapture.operator.analysis;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
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
import io.heapcapture.operator.storage.StorageException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves the analysis of one stored dump a step: none → Running (Job and Secret created) → Succeeded
 * (report read into status) or Failed. The report in the store is the source of truth: a Job that
 * finished while the operator was down, or was already cleaned up, still counts once its report is
 * there. Each step is safe to repeat: the Job's name is derived from the target.
 */
public final class AnalysisStepper {
  private static final Logger LOG = LoggerFactory.getLogger(AnalysisStepper.class);
  static final Duration URL_MARGIN = Duration.ofMinutes(15);
  static final Duration DEADLINE_GRACE = Duration.ofMinutes(2);
  static final long MAX_REPORT_BYTES = 32L * 1024 * 1024;
  static final long SCRATCH_MARGIN_BYTES = 256L * 1024 * 1024;

  private final AnalysisJobs jobs;
  private final AnalysisJobTemplate template;
  private final Clock clock;

  public AnalysisStepper(AnalysisJobs jobs, AnalysisJobTemplate template, Clock clock) {
    this.jobs = jobs;
    this.template = template;
    this.clock = clock;
  }

  /** True while {@code target}'s dump still awaits its analysis. */
  public static boolean pending(HeapCapture capture, TargetStatus target) {
    return capture.getSpec().analysisRequested()
        && target.getPhase() == TargetPhase.Succeeded
        && (target.getAnalysis() == null
            || target.getAnalysis().getPhase() == AnalysisPhase.Running);
  }

  /**
   * Advances the analysis of {@code target} in place; transient trouble is retried next pass.
   * {@code seenJobs}: the capture's analyzer Jobs by name, as the informer's cache holds them.
   */
  public void advance(
      HeapCapture capture, ObjectStore store, TargetStatus target, Map<String, Job> seenJobs) {
    if (!pending(capture, target)) {
      return;
    }
    try {
      if (target.getAnalysis() == null) {
        start(capture, store, target);
      } else {
        follow(capture, store, target, seenJobs);
      }
    } catch (StorageException e) {
      LOG.warn("analysis of {}: {}; will retry", target.getId(), e.getMessage());
    } catch (KubernetesClientException e) {
      if (target.getAnalysis() == null && e.getCode() >= 400 && e.getCode() < 500) {
        target.setAnalysis(
            failed(new AnalysisStatus(), AnalysisReason.AnalysisNotStarted, refusal(e)));
      } else {
        LOG.warn("analysis of {}: {}; will retry", target.getId(), e.getMessage());
      }
    }
  }

  private void start(HeapCapture capture, ObjectStore store, TargetStatus target)
      throws StorageException {
    String bucket = capture.getSpec().getStorage().getBucket();
    Optional<ObjectLocation> located = Baselines.locationOf(target.getObjectUri(), bucket);
    if (located.isEmpty()) {
      target.setAnalysis(
          failed(
              new AnalysisStatus(),
              AnalysisReason.DumpNotFound,
              target.getObjectUri() + " is not in bucket " + bucket));
      return;
    }
    ObjectLocation dump = located.get();
    AnalysisSpec spec = capture.getSpec().getAnalysis();
    Optional<BaselineDump> baseline =
        spec.getBaseline() == BaselinePolicy.None
            ? Optional.empty()
            : Baselines.previousOf(
                capture, target, jobs.capturesIn(capture.getMetadata().getNamespace()));
    long raw = Objects.requireNonNullElse(target.getRawBytes(), 0L);
    long stored = Objects.requireNonNullElse(target.getStoredBytes(), 0L);
    String memory =
        spec.getMemory() != null
            ? spec.getMemory()
            : AnalysisMemory.limitFor(raw, baseline.map(BaselineDump::rawBytes).orElse(0L));
    Duration timeout = Duration.ofSeconds(spec.getTimeoutSeconds());
    Duration urlTtl = timeout.plus(URL_MARGIN);
    String name = AnalysisJobTemplate.nameFor(target);
    AnalysisPlan plan =
        new AnalysisPlan(
            name,
            memory,
            stored + baseline.map(BaselineDump::storedBytes).orElse(0L) + SCRATCH_MARGIN_BYTES,
            timeout,
            store.presignGet(dump, urlTtl),
            baseline.isEmpty() ? null : store.presignGet(baseline.get().location(), urlTtl),
            store.presignPut(ReportLayout.json(dump), ReportLayout.JSON_CONTENT_TYPE, urlTtl),
            store.presignPut(
                ReportLayout.markdown(dump), ReportLayout.MARKDOWN_CONTENT_TYPE, urlTtl));
    jobs.create(template.secret(capture, target, plan), template.job(capture, target, plan));
    AnalysisStatus analysis = new AnalysisStatus();
    analysis.setPhase(AnalysisPhase.Running);
    analysis.setJob(name);
    analysis.setMemory(memory);
    analysis.setBaselineUri(baseline.map(b -> b.location().uri()).orElse(null));
    analysis.setReportUri(ReportLayout.json(dump).uri());
    analysis.setStartedAt(now());
    target.setAnalysis(analysis);
    LOG.info(
        "analysis of {}: started Job {} ({}, baseline {})",
        target.getId(),
        name,
        memory,
        analysis.getBaselineUri());
  }

  /**
   * While the Job runs (as the informer's cache shows it) there is nothing to read. Once it has
   * finished, is overdue or is not in the cache, the report in the store decides; without a report,
   * the Job's own state says why. A Job missing from the cache is looked up once more: the cache
   * may lag behind a Job created a moment ago.
   */
  private void follow(
      HeapCapture capture, ObjectStore store, TargetStatus target, Map<String, Job> seenJobs)
      throws StorageException {
    AnalysisStatus analysis = target.getAnalysis();
    String namespace = capture.getMetadata().getNamespace();
    AnalysisSpec spec = capture.getSpec().getAnalysis();
    Optional<Job> job = Optional.ofNullable(seenJobs.get(analysis.getJob()));
    boolean overdue = pastDeadline(analysis, spec);
    if (job.isPresent() && !finished(job.get()) && !overdue) {
      return;
    }
    ObjectLocation report =
        Baselines.locationOf(analysis.getReportUri(), capture.getSpec().getStorage().getBucket())
            .orElse(null);
    Optional<byte[]> content =
        report == null ? Optional.empty() : store.readSmallObject(report, MAX_REPORT_BYTES);
    if (content.isPresent()) {
      try {
        ReportHeadline.fill(analysis, content.get());
        analysis.setPhase(AnalysisPhase.Succeeded);
        analysis.setReason(AnalysisReason.Analyzed.name());
        analysis.setMessage(null);
        analysis.setFinishedAt(now());
      } catch (ReportHeadline.UnreadableReportException e) {
        failed(analysis, AnalysisReason.ReportUnreadable, e.getMessage());
      }
    } else {
      if (job.isEmpty()) {
        job = jobs.find(namespace, analysis.getJob());
      }
      if (!failFromJob(analysis, job, report, overdue, spec)) {
        return;
      }
    }
    jobs.forgetUrls(namespace, analysis.getJob());
  }

  /** Ends an analysis that has no report, by what its Job says; false while it may still come. */
  private boolean failFromJob(
      AnalysisStatus analysis,
      Optional<Job> job,
      ObjectLocation report,
      boolean overdue,
      AnalysisSpec spec) {
    Optional<JobCondition> jobFailed = job.flatMap(j -> condition(j, "Failed"));
    if (job.isEmpty()) {
      failed(
          analysis,
          AnalysisReason.AnalysisJobLost,
          "the analyzer Job " + analysis.getJob() + " was deleted before it stored a report");
    } else if (jobFailed.isPresent()) {
      failed(
          analysis,
          AnalysisReason.AnalysisJobFailed,
          "Job "
              + analysis.getJob()
              + " failed ("
              + jobFailed.get().getReason()
              + "): "
              + Objects.requireNonNullElse(jobFailed.get().getMessage(), "")
              + " See kubectl logs job/"
              + analysis.getJob()
              + ".");
    } else if (condition(job.get(), "Complete").isPresent()) {
      failed(
          analysis,
          AnalysisReason.ReportMissing,
          "Job " + analysis.getJob() + " completed but stored no report at " + report);
    } else if (overdue) {
      failed(
          analysis,
          AnalysisReason.AnalysisTimeout,
          "no report within " + spec.getTimeoutSeconds() + "s");
    } else {
      return false;
    }
    return true;
  }

  private static boolean finished(Job job) {
    return condition(job, "Complete").isPresent() || condition(job, "Failed").isPresent();
  }

  private static Optional<JobCondition> condition(Job job, String type) {
    if (job.getStatus() == null || job.getStatus().getConditions() == null) {
      return Optional.empty();
    }
    return job.getStatus().getConditions().stream()
        .filter(c -> type.equals(c.getType()) && "True".equals(c.getStatus()))
        .findFirst();
  }

  private boolean pastDeadline(AnalysisStatus analysis, AnalysisSpec spec) {
    if (analysis.getStartedAt() == null) {
      return false;
    }
    Instant deadline =
        Instant.parse(analysis.getStartedAt())
            .plusSeconds(spec.getTimeoutSeconds())
            .plus(DEADLINE_GRACE);
    return Instant.now(clock).isAfter(deadline);
  }

  private AnalysisStatus failed(AnalysisStatus analysis, AnalysisReason reason, String message) {
    analysis.setPhase(AnalysisPhase.Failed);
    analysis.setReason(reason.name());
    analysis.setMessage(message);
    analysis.setFinishedAt(now());
    return analysis;
  }

  private static String refusal(KubernetesClientException e) {
    String detail =
        e.getStatus() != null && e.getStatus().getMessage() != null
            ? e.getStatus().getMessage()
            : e.getMessage();
    return "the API server refused the analyzer Job: " + detail;
  }

  private String now() {
    return Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString();
  }
}
