package io.heapcapture.operator.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.heapcapture.api.v1alpha1.HeapCapture;
import io.heapcapture.api.v1alpha1.TargetPhase;
import io.heapcapture.api.v1alpha1.TargetStatus;
import io.heapcapture.operator.capture.TestCaptures;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class AnalysisJobTemplateTest {
  private static final String SIGNED = "?X-Amz-Signature=secret";
  private final AnalysisJobTemplate template = new AnalysisJobTemplate(AnalyzerSettings.defaults());
  private final HeapCapture capture = TestCaptures.bySelector();
  private final TargetStatus target =
      TestCaptures.target("hc-0123456789abcdef", "orders-1", TargetPhase.Succeeded);

  @Test
  void theJobRunsTheAnalyzerOnItsUrlsWithTheSizedMemoryAndADeadline() {
    Job job = template.job(capture, target, plan("https://s3/base" + SIGNED));

    Container analyzer = job.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(job.getMetadata().getName()).isEqualTo("heapcapture-analysis-0123456789abcdef");
    assertThat(analyzer.getCommand())
        .containsExactly(
            "java",
            "-XX:MaxRAMPercentage=75",
            "-XX:+ExitOnOutOfMemoryError",
            "-jar",
            AnalysisJobTemplate.ANALYZER_JAR);
    assertThat(analyzer.getArgs())
        .containsExactly(
            "$(HEAPCAPTURE_DUMP_URL)",
            "--baseline",
            "$(HEAPCAPTURE_BASELINE_URL)",
            "--json",
            "$(HEAPCAPTURE_REPORT_JSON_URL)",
            "--markdown",
            "$(HEAPCAPTURE_REPORT_MARKDOWN_URL)",
            "--work-dir",
            "/scratch");
    assertThat(analyzer.getEnv())
        .allSatisfy(
            e ->
                assertThat(e.getValueFrom().getSecretKeyRef().getName())
                    .isEqualTo(job.getMetadata().getName()));
    assertThat(analyzer.getResources().getLimits()).containsEntry("memory", new Quantity("1536Mi"));
    assertThat(analyzer.getResources().getRequests())
        .containsEntry("memory", new Quantity("1536Mi"));
    assertThat(job.getSpec().getActiveDeadlineSeconds()).isEqualTo(600L);
    assertThat(job.getSpec().getBackoffLimit()).isZero();
    assertThat(
            job.getSpec().getTemplate().getSpec().getVolumes().get(0).getEmptyDir().getSizeLimit())
        .isEqualTo(new Quantity("300Mi"));
  }

  @Test
  void theAnalyzerPodOptsOutOfSidecarInjection() {
    Job job = template.job(capture, target, plan(null));

    assertThat(job.getSpec().getTemplate().getMetadata().getLabels())
        .containsEntry("heapcapture.io/inject", "false");
  }

  @Test
  void withoutABaselineTheJobAsksForNone() {
    Job job = template.job(capture, target, plan(null));

    Container analyzer = job.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(analyzer.getArgs()).doesNotContain("--baseline", "$(HEAPCAPTURE_BASELINE_URL)");
    assertThat(analyzer.getEnv()).noneMatch(e -> e.getName().equals("HEAPCAPTURE_BASELINE_URL"));
  }

  @Test
  void thePresignedUrlsAreOnlyInTheSecretNeverInTheJob() {
    AnalysisPlan plan = plan("https://s3/base" + SIGNED);

    String job = Serialization.asJson(template.job(capture, target, plan));
    Secret secret = template.secret(capture, target, plan);

    assertThat(job).doesNotContain("X-Amz-Signature");
    assertThat(secret.getStringData())
        .containsEntry("HEAPCAPTURE_DUMP_URL", "https://s3/dump" + SIGNED)
        .containsEntry("HEAPCAPTURE_BASELINE_URL", "https://s3/base" + SIGNED)
        .containsEntry("HEAPCAPTURE_REPORT_JSON_URL", "https://s3/json" + SIGNED)
        .containsEntry("HEAPCAPTURE_REPORT_MARKDOWN_URL", "https://s3/md" + SIGNED);
    assertThat(secret.getImmutable()).isTrue();
    assertThat(plan.toString()).doesNotContain("X-Amz-Signature");
  }

  @Test
  void jobAndSecretBelongToTheCaptureInItsNamespace() {
    AnalysisPlan plan = plan(null);
    Job job = template.job(capture, target, plan);
    Secret secret = template.secret(capture, target, plan);

    assertThat(job.getMetadata().getNamespace()).isEqualTo(capture.getMetadata().getNamespace());
    assertThat(job.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(
            o -> {
              assertThat(o.getUid()).isEqualTo(TestCaptures.UID);
              assertThat(o.getController()).isTrue();
            });
    assertThat(secret.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(o -> assertThat(o.getUid()).isEqualTo(TestCaptures.UID));
    assertThat(job.getMetadata().getLabels())
        .containsEntry(AnalysisJobTemplate.LABEL_TARGET, "hc-0123456789abcdef")
        .containsEntry(AnalysisJobTemplate.LABEL_CAPTURE, TestCaptures.NAME);
  }

  @Test
  void thePodPassesTheRestrictedPodSecurityStandard() {
    PodSpec pod = template.job(capture, target, plan(null)).getSpec().getTemplate().getSpec();
    Container analyzer = pod.getContainers().get(0);

    assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
    assertThat(pod.getAutomountServiceAccountToken()).isFalse();
    assertThat(analyzer.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
    assertThat(analyzer.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(analyzer.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
    assertThat(pod.getRestartPolicy()).isEqualTo("Never");
  }

  private static AnalysisPlan plan(String baselineUrl) {
    return new AnalysisPlan(
        "heapcapture-analysis-0123456789abcdef",
        "1536Mi",
        300L * 1024 * 1024,
        Duration.ofMinutes(10),
        "https://s3/dump" + SIGNED,
        baselineUrl,
        "https://s3/json" + SIGNED,
        "https://s3/md" + SIGNED);
  }
}
