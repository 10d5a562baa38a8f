package io.heapcapture.e2e;

import io.heapcapture.api.v1alpha1.AnalysisStatus;
import io.heapcapture.api.v1alpha1.ClassGrowthSummary;
import io.heapcapture.api.v1alpha1.HeapCapture;
import io.heapcapture.api.v1alpha1.SuspectSummary;
import io.heapcapture.api.v1alpha1.TargetStatus;
import io.heapcapture.e2e.cluster.Kubectl;
import io.heapcapture.e2e.cluster.Testbed;
import io.heapcapture.e2e.pod.AppSpec;
import io.heapcapture.e2e.pod.LocalPod;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;

/**
 * The local demo: a control plane, an S3 server, the operator, and a leaking JVM with its sidecar
 * standing in for a pod; then two captures of the sample HeapCapture a few seconds apart, each
 * analysed by a Job, and the diagnosis: which class leaks and which field holds it. Everything it
 * starts stops when it ends or is interrupted.
 */
public final class Demo {
  private static final String NAMESPACE = "demo";
  private static final String EXAMPLE = "heapcapture-on-demand.yaml";
  private static final String FIRST = "leaky-demo-first";
  private static final String SECOND = "leaky-demo-second";
  private static final Duration BETWEEN_CAPTURES = Duration.ofSeconds(10);

  private Demo() {}

  public static void main(String[] args) throws Exception {
    step("starting kube-apiserver + etcd, an S3 server (versitygw) and the operator");
    try (LocalCluster cluster = LocalCluster.start()) {
      cluster.createNamespace(NAMESPACE);
      say("KUBECONFIG=" + cluster.controlPlane().kubeconfig());

      step(
          "starting pod leaky-demo-0: a leaking JVM and the heapcapture sidecar (no kubelet here: local processes)");
      try (LocalPod pod =
          cluster
              .kubelet()
              .start(
                  NAMESPACE,
                  "leaky-demo-0",
                  Map.of("app", "leaky-demo"),
                  AppSpec.leakyDemo(),
                  true)) {
        say("pod IP " + pod.ip() + "; letting it leak for a few seconds");
        Thread.sleep(5_000);

        TargetStatus first = captureAndAnalyse(cluster, pod, FIRST);
        say("");
        say("letting it leak for another " + BETWEEN_CAPTURES.toSeconds() + " seconds");
        Thread.sleep(BETWEEN_CAPTURES.toMillis());
        TargetStatus second = captureAndAnalyse(cluster, pod, SECOND);

        step("stored");
        say("object      " + second.getObjectUri());
        say("raw size    " + second.getRawBytes() + " bytes (HPROF)");
        say("stored size " + second.getStoredBytes() + " bytes (zstd)");
        say("sha256      " + second.getSha256());
        say(
            "JVM pause   "
                + second.getPauseMillis()
                + " ms (pid "
                + second.getPid()
                + " in the pod)");

        AnalysisStatus analysis = second.getAnalysis();
        step("diagnosis of " + SECOND + " against " + FIRST);
        say("baseline    " + analysis.getBaselineUri());
        say("report      " + analysis.getReportUri() + " (and .report.md)");
        say("Job         " + analysis.getJob() + " (" + analysis.getMemory() + ")");
        say(
            "heap        "
                + analysis.getReachableBytes()
                + " bytes reachable, "
                + signed(analysis.getReachableGrowthBytes())
                + " bytes since the baseline");
        if (analysis.getTopGrowth() != null) {
          for (ClassGrowthSummary growth : analysis.getTopGrowth()) {
            say(
                "grew        "
                    + signed(growth.getBytes())
                    + " bytes, "
                    + signed(growth.getInstances())
                    + " instances  "
                    + growth.getClassName());
          }
        }
        say("");
        for (SuspectSummary suspect : analysis.getSuspects()) {
          say("Suspect " + suspect.getRank() + ": " + suspect.getSentence());
        }
        say("");
        say("the same, with kubectl:");
        say(
            "  kubectl get hcap "
                + SECOND
                + " -o jsonpath='{.status.targets[0].analysis.suspects[0].sentence}'");
        Path report =
            download(cluster, analysis.getReportUri().replace(".report.json", ".report.md"));
        say("Markdown report copied to " + report);
        say("first dump: " + first.getObjectUri());
      }
    }
    step("done; everything the demo started has stopped");
  }

  /** Applies the example under {@code name}, waits until its dump is stored and analysed. */
  private static TargetStatus captureAndAnalyse(LocalCluster cluster, LocalPod pod, String name)
      throws Exception {
    Path manifest = cluster.localCopyOfExample(EXAMPLE, name);
    step(
        "kubectl apply -f examples/"
            + EXAMPLE
            + " as "
            + name
            + " (endpoint pointed at the local S3 server)");
    print(cluster.kubectl().apply(manifest, NAMESPACE));
    step("kubectl wait --for=condition=Analyzed heapcapture/" + name);
    Kubectl.Result waited =
        cluster
            .kubectl()
            .waitFor(
                "heapcapture/" + name, "condition=Analyzed", NAMESPACE, Duration.ofSeconds(300));
    print(cluster.kubectl().run("get", "heapcapture", name, "-n", NAMESPACE));
    if (!waited.succeeded()) {
      print(cluster.kubectl().run("describe", "heapcapture", name, "-n", NAMESPACE));
      say("sidecar log: " + pod.sidecarLog());
      throw new IllegalStateException(name + " was not captured and analysed");
    }
    HeapCapture capture =
        cluster.client().resources(HeapCapture.class).inNamespace(NAMESPACE).withName(name).get();
    TargetStatus target = capture.getStatus().getTargets().get(0);
    say(
        "analysed by Job "
            + target.getAnalysis().getJob()
            + "; its log: "
            + cluster.jobs().logOf(NAMESPACE, target.getAnalysis().getJob()));
    return target;
  }

  private static String signed(Long value) {
    return value == null ? "?" : (value >= 0 ? "+" : "") + value;
  }

  private static Path download(LocalCluster cluster, String uri) {
    String bucketAndKey = uri.substring("s3://".length());
    String bucket = bucketAndKey.substring(0, bucketAndKey.indexOf('/'));
    String key = bucketAndKey.substring(bucket.length() + 1);
    Path dir = Testbed.root().resolve("e2e").resolve("target").resolve("demo");
    Path file = dir.resolve(key.substring(key.lastIndexOf('/') + 1));
    try {
      Files.createDirectories(dir);
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    cluster
        .s3()
        .client()
        .getObject(GetObjectRequest.builder().bucket(bucket).key(key).build(), file);
    return file;
  }

  private static void print(Kubectl.Result result) {
    String out = (result.stdout() + result.stderr()).strip();
    for (String line : out.split("\n")) {
      say(line);
    }
  }

  private static void step(String message) {
    System.out.println();
    System.out.println("==> " + message);
    System.out.flush();
  }

  private static void say(String message) {
    System.out.println("    " + message);
    System.out.flush();
  }
}
