package io.heapcapture.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.heapcapture.analyzer.cli.AnalyzeCommand;
import io.heapcapture.e2e.job.JobRunner;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/**
 * The JobRunner against the real API server: analysis Jobs shaped as the operator will create them
 * (presigned URLs in a Secret, {@code $(VAR)} arguments, an emptyDir work dir, a memory limit) run
 * the real analyzer jar against the real S3 server, and the Job status ends as the Job controller's
 * would.
 */
class JobRunnerIT {
  private static final String NAMESPACE = "jobs";

  @RegisterExtension static final ClusterPerClass CLUSTER = new ClusterPerClass(NAMESPACE);
  private static final String SECRET = "analysis-urls";
  private static final List<String> ANALYZER_COMMAND =
      List.of(
          "java",
          "-XX:MaxRAMPercentage=75",
          "-XX:+ExitOnOutOfMemoryError",
          "-jar",
          JobRunner.ANALYZER_JAR);
  private static final List<String> ANALYZER_ARGS =
      List.of(
          "$(HEAPCAPTURE_DUMP_URL)",
          "--baseline",
          "$(HEAPCAPTURE_BASELINE_URL)",
          "--json",
          "$(HEAPCAPTURE_REPORT_JSON_URL)",
          "--markdown",
          "$(HEAPCAPTURE_REPORT_MARKDOWN_URL)",
          "--work-dir",
          "/work");
  private static Presigned presigned;

  @BeforeAll
  static void presign() {
    presigned = new Presigned(CLUSTER.get().s3());
  }

  @AfterAll
  static void closePresigner() {
    if (presigned != null) {
      presigned.close();
    }
  }

  @Test
  void analyzerJobCompletesAndStoresTheReports(@TempDir Path dir) throws Exception {
    String prefix = "analysis/job-a/";
    Path dump = SmallDump.zstd(dir, "pod-abc.hprof.zst");
    put(prefix + "pod-abc.hprof.zst", dump);
    urlsSecret(
        "urls-a",
        Map.of(
            "dump", presigned.get(LocalCluster.BUCKET, prefix + "pod-abc.hprof.zst"),
            "json",
                presigned.put(
                    LocalCluster.BUCKET, prefix + "report.json", AnalyzeCommand.JSON_CONTENT_TYPE),
            "markdown",
                presigned.put(
                    LocalCluster.BUCKET,
                    prefix + "report.md",
                    AnalyzeCommand.MARKDOWN_CONTENT_TYPE)));

    Job job =
        analyzerJob("analyze-a", "urls-a", 0)
            .editSpec()
            .editTemplate()
            .editSpec()
            .editFirstContainer()
            // Expanded from the variables before it, as a kubelet does.
            .addToEnv(env("HEAPCAPTURE_BASELINE_URL", "$(HEAPCAPTURE_DUMP_URL)"))
            .endContainer()
            .endSpec()
            .endTemplate()
            .endSpec()
            .build();
    create(job);

    JobStatus status = awaitFinished("analyze-a");
    Path log = CLUSTER.get().jobs().logOf(NAMESPACE, "analyze-a");
    String logText = Files.readString(log);
    assertThat(conditionTypes(status))
        .as("log %s:%n%s", log, logText)
        .containsExactly("SuccessCriteriaMet", "Complete");
    assertThat(status.getConditions()).allMatch(c -> "True".equals(c.getStatus()));
    assertThat(status.getSucceeded()).isEqualTo(1);
    assertThat(count(status.getFailed())).isZero();
    assertThat(count(status.getActive())).isZero();
    assertThat(status.getStartTime()).isNotNull();
    assertThat(status.getCompletionTime()).isNotNull();

    ResponseBytes<GetObjectResponse> json = get(prefix + "report.json");
    ResponseBytes<GetObjectResponse> markdown = get(prefix + "report.md");
    assertThat(json.response().contentType()).isEqualTo(AnalyzeCommand.JSON_CONTENT_TYPE);
    assertThat(markdown.response().contentType()).isEqualTo(AnalyzeCommand.MARKDOWN_CONTENT_TYPE);
    JsonNode report = new ObjectMapper().readTree(json.asByteArray());
    assertThat(report.get("schema").asText()).isEqualTo("heapcapture.io/analysis-report/v1");
    assertThat(report.get("dump").asText()).isEqualTo("pod-abc.hprof.zst");
    assertThat(report.get("baseline").asText()).isEqualTo("pod-abc.hprof.zst");
    assertThat(markdown.asString(StandardCharsets.UTF_8)).startsWith("# Heap analysis");

    assertThat(logText)
        .as("the memory limit reaches the JVM")
        .contains(" -XX:MaxRAM=" + (512L << 20) + " -XX:MaxRAMPercentage=75 ")
        .doesNotContain("X-Amz-Signature");
    Path workDir = log.resolveSibling("volumes").resolve("1-work");
    try (Stream<Path> left = Files.list(workDir)) {
      assertThat(left).as("the analyzer's downloads in the emptyDir are deleted").isEmpty();
    }
  }

  @Test
  void badInputFailsTheJobWithTheExitCodeAfterTheBackoffLimit() throws Exception {
    String key = "analysis/job-b/picture.hprof";
    CLUSTER
        .get()
        .s3()
        .client()
        .putObject(
            b -> b.bucket(LocalCluster.BUCKET).key(key),
            RequestBody.fromBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 0}));
    urlsSecret("urls-b", Map.of("dump", presigned.get(LocalCluster.BUCKET, key)));

    Job job =
        analyzerJob("analyze-b", "urls-b", 1)
            .editSpec()
            .editTemplate()
            .editSpec()
            .editFirstContainer()
            .withArgs("$(HEAPCAPTURE_DUMP_URL)", "--work-dir", "/work")
            .endContainer()
            .endSpec()
            .endTemplate()
            .endSpec()
            .build();
    create(job);

    JobStatus status = awaitFinished("analyze-b");
    assertThat(conditionTypes(status)).containsExactly("FailureTarget", "Failed");
    JobCondition failed = status.getConditions().get(1);
    assertThat(failed.getReason()).isEqualTo("BackoffLimitExceeded");
    assertThat(failed.getMessage())
        .contains("exited with code 2")
        .contains("/" + LocalCluster.BUCKET + "/" + key + " is not a heap dump")
        .doesNotContain("X-Amz-Signature");
    assertThat(status.getFailed()).as("backoffLimit 1: two attempts").isEqualTo(2);
    assertThat(count(status.getActive())).isZero();
    assertThat(status.getCompletionTime()).isNull();
  }

  @Test
  void activeDeadlineKillsTheProcessAndFailsTheJob() {
    create(
        shellJob("too-slow", "echo started; exec sleep 600")
            .editSpec()
            .withActiveDeadlineSeconds(2L)
            .endSpec()
            .build());

    JobStatus status = awaitFinished("too-slow");

    assertThat(conditionTypes(status)).containsExactly("FailureTarget", "Failed");
    assertThat(status.getConditions().get(1).getReason()).isEqualTo("DeadlineExceeded");
    assertThat(status.getFailed()).isEqualTo(1);
  }

  @Test
  void aMissingSecretKeepsTheJobActiveUntilItsDeadline() throws Exception {
    create(
        analyzerJob("no-secret", "no-such-secret", 0)
            .editSpec()
            .withActiveDeadlineSeconds(3L)
            .endSpec()
            .build());

    JobStatus status = awaitFinished("no-secret");

    assertThat(conditionTypes(status)).containsExactly("FailureTarget", "Failed");
    assertThat(status.getConditions().get(1).getReason()).isEqualTo("DeadlineExceeded");
    assertThat(Files.readString(CLUSTER.get().jobs().logOf(NAMESPACE, "no-secret")))
        .contains("cannot start the container: secret \"no-such-secret\" not found")
        .doesNotContain("==== attempt");
  }

  @Test
  void deletingARunningJobKillsItsProcess() {
    String marker = "job-runner-it-" + UUID.randomUUID();
    create(shellJob("deleted-while-running", "sleep 600; : " + marker).build());
    jobResource("deleted-while-running")
        .waitUntilCondition(
            j ->
                j != null
                    && j.getStatus() != null
                    && Integer.valueOf(1).equals(j.getStatus().getActive()),
            60,
            TimeUnit.SECONDS);
    Awaitility.await().atMost(30, TimeUnit.SECONDS).until(() -> processesWith(marker) > 0);

    jobResource("deleted-while-running").delete();

    Awaitility.await().atMost(60, TimeUnit.SECONDS).until(() -> processesWith(marker) == 0);
  }

  private static long processesWith(String marker) {
    return ProcessHandle.allProcesses()
        .filter(p -> p.info().commandLine().map(c -> c.contains(marker)).orElse(false))
        .count();
  }

  private static JobBuilder analyzerJob(String name, String secret, int backoffLimit) {
    return new JobBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(NAMESPACE)
        .endMetadata()
        .withNewSpec()
        .withBackoffLimit(backoffLimit)
        .withActiveDeadlineSeconds(300L)
        .withNewTemplate()
        .withNewSpec()
        .withRestartPolicy("Never")
        .addNewContainer()
        .withName("analyzer")
        .withImage("ghcr.io/heapcapture/analyzer:test")
        .withCommand(ANALYZER_COMMAND)
        .withArgs(ANALYZER_ARGS)
        .withEnv(
            secretEnv("HEAPCAPTURE_DUMP_URL", secret, "dump", false),
            secretEnv("HEAPCAPTURE_REPORT_JSON_URL", secret, "json", true),
            secretEnv("HEAPCAPTURE_REPORT_MARKDOWN_URL", secret, "markdown", true))
        .withNewResources()
        .addToLimits("memory", new Quantity("512Mi"))
        .endResources()
        .addNewVolumeMount()
        .withName("work")
        .withMountPath("/work")
        .endVolumeMount()
        .endContainer()
        .addNewVolume()
        .withName("work")
        .withNewEmptyDir()
        .endEmptyDir()
        .endVolume()
        .endSpec()
        .endTemplate()
        .endSpec();
  }

  private static JobBuilder shellJob(String name, String script) {
    return new JobBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(NAMESPACE)
        .endMetadata()
        .withNewSpec()
        .withBackoffLimit(0)
        .withNewTemplate()
        .withNewSpec()
        .withRestartPolicy("Never")
        .withTerminationGracePeriodSeconds(5L)
        .addNewContainer()
        .withName("shell")
        .withImage("busybox")
        .withCommand("sh", "-c", script)
        .endContainer()
        .endSpec()
        .endTemplate()
        .endSpec();
  }

  private static EnvVar env(String name, String value) {
    return new EnvVarBuilder().withName(name).withValue(value).build();
  }

  private static EnvVar secretEnv(String name, String secret, String key, boolean optional) {
    return new EnvVarBuilder()
        .withName(name)
        .withNewValueFrom()
        .withNewSecretKeyRef()
        .withName(secret)
        .withKey(key)
        .withOptional(optional)
        .endSecretKeyRef()
        .endValueFrom()
        .build();
  }

  private static void urlsSecret(String name, Map<String, String> urls) {
    CLUSTER
        .get()
        .client()
        .secrets()
        .inNamespace(NAMESPACE)
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(NAMESPACE)
                .endMetadata()
                .withStringData(urls)
                .build())
        .create();
  }

  private static void create(Job job) {
    CLUSTER.get().client().batch().v1().jobs().inNamespace(NAMESPACE).resource(job).create();
  }

  private static Resource<Job> jobResource(String name) {
    return CLUSTER.get().client().batch().v1().jobs().inNamespace(NAMESPACE).withName(name);
  }

  private static JobStatus awaitFinished(String name) {
    Predicate<Job> finished =
        j ->
            j != null
                && j.getStatus() != null
                && j.getStatus().getConditions() != null
                && j.getStatus().getConditions().stream()
                    .anyMatch(
                        c ->
                            ("Complete".equals(c.getType()) || "Failed".equals(c.getType()))
                                && "True".equals(c.getStatus()));
    return jobResource(name).waitUntilCondition(finished, 180, TimeUnit.SECONDS).getStatus();
  }

  /** The API server leaves out counters that are zero ({@code omitempty}). */
  private static int count(Integer counter) {
    return counter == null ? 0 : counter;
  }

  private static List<String> conditionTypes(JobStatus status) {
    return status.getConditions().stream().map(JobCondition::getType).toList();
  }

  private static void put(String key, Path file) {
    CLUSTER
        .get()
        .s3()
        .client()
        .putObject(b -> b.bucket(LocalCluster.BUCKET).key(key), RequestBody.fromFile(file));
  }

  private static ResponseBytes<GetObjectResponse> get(String key) {
    return CLUSTER
        .get()
        .s3()
        .client()
        .getObjectAsBytes(b -> b.bucket(LocalCluster.BUCKET).key(key));
  }
}
