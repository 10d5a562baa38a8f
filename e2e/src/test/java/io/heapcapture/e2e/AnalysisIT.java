package io.heapcapture.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.heapcapture.api.v1alpha1.AnalysisPhase;
import io.heapcapture.api.v1alpha1.AnalysisStatus;
import io.heapcapture.api.v1alpha1.HeapCapture;
import io.heapcapture.api.v1alpha1.TargetStatus;
import io.heapcapture.e2e.cluster.Kubectl;
import io.heapcapture.e2e.pod.AppSpec;
import io.heapcapture.e2e.pod.LocalPod;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Analysis through the real parts: two captures of a leaking JVM, each followed by an analyzer Job
 * on the real API server that the test harness runs as the kubelet would (the analyzer jar as a
 * local process, reading and writing through presigned URLs of the real S3 server), and the
 * diagnosis read back from status, Events and the reports in the bucket.
 */
class AnalysisIT {
  private static final String NAMESPACE = "analysis";

  @RegisterExtension static final ClusterPerClass CLUSTER = new ClusterPerClass(NAMESPACE);
  private static final Duration ANALYSIS_TIMEOUT = Duration.ofSeconds(180);

  @Test
  void twoCapturesOfALeakingJvmNameTheLeakingClassAndField(@TempDir Path downloads)
      throws Exception {
    try (LocalPod pod =
        CLUSTER
            .get()
            .kubelet()
            .start(NAMESPACE, "leaky-a", Map.of("app", "leaky-demo"), AppSpec.leakyDemo(), true)) {
      AnalysisStatus first = captureAndAnalyse("leak-first", pod);
      assertThat(first.getPhase()).isEqualTo(AnalysisPhase.Succeeded);
      assertThat(first.getBaselineUri()).as("the first dump has nothing to compare with").isNull();
      assertThat(first.getReachableBytes()).isPositive();
      assertThat(first.getReachableGrowthBytes()).isNull();
      TargetStatus firstTarget =
          Captures.get(CLUSTER.get(), NAMESPACE, "leak-first").getStatus().getTargets().get(0);

      Thread.sleep(5_000); // the demo JVM leaks on
      AnalysisStatus second = captureAndAnalyse("leak-second", pod);

      assertThat(second.getPhase()).isEqualTo(AnalysisPhase.Succeeded);
      assertThat(second.getBaselineUri()).isEqualTo(firstTarget.getObjectUri());
      assertThat(second.getReachableGrowthBytes()).isPositive();
      assertThat(second.getSuspects()).isNotEmpty();
      assertThat(second.getSuspects().get(0).getSentence())
          .contains("io.heapcapture.demo.LeakyApp$Session objects")
          .contains("static io.heapcapture.demo.LeakyApp$SessionCache.SESSIONS")
          .contains("grew by");
      assertThat(second.getSuspects().get(0).getGrowthBytes()).isPositive();
      assertThat(second.getTopGrowth()).extracting(g -> g.getClassName()).contains("byte[]");

      Kubectl.Result sentence =
          CLUSTER
              .get()
              .kubectl()
              .run(
                  "get",
                  "heapcapture",
                  "leak-second",
                  "-n",
                  NAMESPACE,
                  "-o",
                  "jsonpath={.status.targets[0].analysis.suspects[0].sentence}");
      assertThat(sentence.stdout()).contains("LeakyApp$SessionCache.SESSIONS");
      Kubectl.Result table = CLUSTER.get().kubectl().run("get", "heapcapture", "-n", NAMESPACE);
      assertThat(table.stdout().lines())
          .as("the Analysis column of kubectl get")
          .anySatisfy(line -> assertThat(line).contains("ANALYSIS"))
          .anySatisfy(line -> assertThat(line).contains("leak-second").contains("Analyzed"));

      // The reports lie beside the dump, written by the Job through its presigned URLs.
      Path json = downloads.resolve("report.json");
      AwsCli.download(CLUSTER.get().s3(), second.getReportUri(), json);
      JsonNode report = new ObjectMapper().readTree(Files.readString(json));
      assertThat(report.path("schema").asText()).isEqualTo("heapcapture.io/analysis-report/v1");
      assertThat(report.path("baseline").asText()).endsWith(".hprof.zst").doesNotContain("?");
      assertThat(report.path("suspects").get(0).path("sentence").asText())
          .isEqualTo(second.getSuspects().get(0).getSentence());
      Path markdown = downloads.resolve("report.md");
      AwsCli.download(CLUSTER.get().s3(), second.getReportUri().replace(".json", ".md"), markdown);
      assertThat(Files.readString(markdown)).contains("LeakyApp$Session");

      // The Job: owned by the capture, sized as status says, and its URLs are gone.
      Job job =
          CLUSTER
              .get()
              .client()
              .batch()
              .v1()
              .jobs()
              .inNamespace(NAMESPACE)
              .withName(second.getJob())
              .get();
      assertThat(job.getMetadata().getOwnerReferences())
          .singleElement()
          .satisfies(o -> assertThat(o.getName()).isEqualTo("leak-second"));
      assertThat(
              job.getSpec()
                  .getTemplate()
                  .getSpec()
                  .getContainers()
                  .get(0)
                  .getResources()
                  .getLimits())
          .containsEntry("memory", new Quantity(second.getMemory()));
      assertThat(Serialization.asJson(job)).doesNotContain("X-Amz-Signature");
      assertThat(
              CLUSTER
                  .get()
                  .client()
                  .secrets()
                  .inNamespace(NAMESPACE)
                  .withName(second.getJob())
                  .get())
          .as("the Secret with the presigned URLs is deleted once the report is read")
          .isNull();

      List<Event> events = Captures.events(CLUSTER.get(), NAMESPACE, "leak-second");
      assertThat(events).extracting(Event::getReason).contains("AnalysisStarted", "Analyzed");
      assertThat(events)
          .filteredOn(e -> e.getReason().equals("Analyzed"))
          .singleElement()
          .satisfies(e -> assertThat(e.getMessage()).contains("LeakyApp$SessionCache.SESSIONS"));
    }
  }

  @Test
  void anAnalyzerJobThatFailsEndsTheAnalysisWithAClearReason() throws Exception {
    try (LocalPod pod =
        CLUSTER
            .get()
            .kubelet()
            .start(NAMESPACE, "leaky-b", Map.of("app", "leaky-b"), AppSpec.leakyDemo(), true)) {
      Path manifest = CLUSTER.get().localCopyOfExample("heapcapture-on-demand.yaml", "starved");
      HeapCapture capture = Serialization.unmarshal(Files.readString(manifest), HeapCapture.class);
      capture.getSpec().getTarget().getSelector().setMatchLabels(Map.of("app", "leaky-b"));
      // Far too little memory for a JVM: the analyzer cannot even start.
      capture.getSpec().getAnalysis().setMemory("1Mi");
      Files.writeString(manifest, Serialization.asYaml(capture));
      assertThat(CLUSTER.get().kubectl().apply(manifest, NAMESPACE).succeeded()).isTrue();

      Kubectl.Result complete =
          CLUSTER
              .get()
              .kubectl()
              .waitFor("heapcapture/starved", "condition=Complete", NAMESPACE, ANALYSIS_TIMEOUT);
      assertThat(complete.succeeded()).as("%s", complete).isTrue();
      Kubectl.Result analysisFailed =
          CLUSTER
              .get()
              .kubectl()
              .waitFor(
                  "heapcapture/starved",
                  "jsonpath={.status.targets[0].analysis.phase}=Failed",
                  NAMESPACE,
                  ANALYSIS_TIMEOUT);
      assertThat(analysisFailed.succeeded())
          .as(
              "%s; status %s",
              analysisFailed, Captures.statusJson(CLUSTER.get(), NAMESPACE, "starved"))
          .isTrue();

      HeapCapture after = Captures.get(CLUSTER.get(), NAMESPACE, "starved");
      AnalysisStatus analysis = after.getStatus().getTargets().get(0).getAnalysis();
      assertThat(analysis.getReason()).isEqualTo("AnalysisJobFailed");
      assertThat(analysis.getMessage()).contains("kubectl logs job/" + analysis.getJob());
      assertThat(after.getStatus().getConditions())
          .filteredOn(c -> c.getType().equals("Analyzed"))
          .singleElement()
          .satisfies(
              c -> {
                assertThat(c.getStatus()).isEqualTo("False");
                assertThat(c.getReason()).isEqualTo("AnalysisJobFailed");
              });
      assertThat(
              CLUSTER
                  .get()
                  .client()
                  .secrets()
                  .inNamespace(NAMESPACE)
                  .withName(analysis.getJob())
                  .get())
          .isNull();
      assertThat(Captures.events(CLUSTER.get(), NAMESPACE, "starved"))
          .extracting(Event::getReason)
          .contains("AnalysisJobFailed");
      assertThat(pod.dumpFiles()).isEmpty();
    }
  }

  private static AnalysisStatus captureAndAnalyse(String name, LocalPod pod) throws Exception {
    Path manifest = CLUSTER.get().localCopyOfExample("heapcapture-on-demand.yaml", name);
    Kubectl.Result applied = CLUSTER.get().kubectl().apply(manifest, NAMESPACE);
    assertThat(applied.succeeded()).as("%s", applied).isTrue();
    Kubectl.Result analyzed =
        CLUSTER
            .get()
            .kubectl()
            .waitFor("heapcapture/" + name, "condition=Analyzed", NAMESPACE, ANALYSIS_TIMEOUT);
    assertThat(analyzed.succeeded())
        .as(
            "%s was not analysed: %s%nstatus: %s%nsidecar log: %s",
            name,
            analyzed,
            Captures.statusJson(CLUSTER.get(), NAMESPACE, name),
            pod.sidecarLogText())
        .isTrue();
    return Captures.get(CLUSTER.get(), NAMESPACE, name)
        .getStatus()
        .getTargets()
        .get(0)
        .getAnalysis();
  }
}
