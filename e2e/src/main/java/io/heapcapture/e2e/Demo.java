package io.heapcapture.e2e;

import io.fabric8.kubernetes.api.model.Pod;
import io.heapcapture.api.v1alpha1.AnalysisStatus;
import io.heapcapture.api.v1alpha1.ClassGrowthSummary;
import io.heapcapture.api.v1alpha1.HeapCapture;
import io.heapcapture.api.v1alpha1.SuspectSummary;
import io.heapcapture.api.v1alpha1.TargetStatus;
import io.heapcapture.e2e.cluster.Helm;
import io.heapcapture.e2e.cluster.Kubectl;
import io.heapcapture.e2e.cluster.LocalS3;
import io.heapcapture.e2e.cluster.Testbed;
import io.heapcapture.e2e.node.DemoWorkload;
import io.heapcapture.e2e.node.HeapcaptureRelease;
import io.heapcapture.e2e.node.NodeCluster;
import io.heapcapture.e2e.node.NodeImages;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;

/**
 * The demo, on a real single-node cluster: the node starts with the images the build made, the
 * chart is installed with {@code helm install}, the leaking demo JVM is deployed in a namespace
 * opted in to the sidecar, and the sample HeapCapture is applied twice with kubectl, a few seconds
 * apart. Each dump is stored in a local S3 server and analysed by a Job, a real pod; the demo ends
 * with the diagnosis: which class leaks and which field holds it. Everything it starts stops when
 * it ends or is interrupted, and the host is restored.
 */
public final class Demo {
  private static final String NAMESPACE = "demo";
  private static final String APP = "leaky-demo";
  private static final String EXAMPLE = "heapcapture-on-demand.yaml";
  private static final String FIRST = "leaky-demo-first";
  private static final String SECOND = "leaky-demo-second";
  private static final Duration BETWEEN_CAPTURES = Duration.ofSeconds(10);

  private Demo() {}

  public static void main(String[] args) throws Exception {
    step(
        "starting a real node (etcd, kube-apiserver, controller-manager, scheduler, containerd,"
            + " kubelet, kube-proxy) and importing the images; about 15 s");
    try (NodeCluster node = NodeCluster.start(NodeImages.defaultTars());
        LocalS3 s3 = LocalS3.start(node.nodeIp())) {
      say("export KUBECONFIG=" + node.kubeconfig());
      s3.createBucket(DemoWorkload.BUCKET);
      say("S3 server (versitygw) at " + s3.endpoint() + ", bucket " + DemoWorkload.BUCKET);

      step(
          "helm install heapcapture charts/heapcapture -n "
              + Helm.NAMESPACE
              + " (operator, webhook, RBAC); about 30 s");
      node.createNamespace(Helm.NAMESPACE, DemoWorkload.RESTRICTED);
      HeapcaptureRelease.install(node, s3);
      print(node.kubectl().run("get", "pods", "-n", Helm.NAMESPACE));

      step(
          "kubectl label namespace "
              + NAMESPACE
              + " heapcapture.io/inject=enabled; deploying the leaking demo JVM");
      DemoWorkload workload = new DemoWorkload(node, s3);
      workload.createNamespace(NAMESPACE, true);
      Pod pod = workload.deploy(NAMESPACE, APP);
      print(node.kubectl().run("get", "pods", "-n", NAMESPACE));
      say(
          "pod "
              + pod.getMetadata().getName()
              + ": containers "
              + pod.getSpec().getContainers().stream().map(c -> c.getName()).toList()
              + ", injected native sidecar "
              + pod.getSpec().getInitContainers().stream().map(c -> c.getName()).toList());
      say("letting it leak for a few seconds");
      Thread.sleep(5_000);

      TargetStatus first = captureAndAnalyse(node, workload, FIRST);
      say("");
      say("letting it leak for another " + BETWEEN_CAPTURES.toSeconds() + " seconds");
      Thread.sleep(BETWEEN_CAPTURES.toMillis());
      TargetStatus second = captureAndAnalyse(node, workload, SECOND);

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
          "  kubectl -n "
              + NAMESPACE
              + " get hcap "
              + SECOND
              + " -o jsonpath='{.status.targets[0].analysis.suspects[0].sentence}'");
      Path report = download(s3, analysis.getReportUri().replace(".report.json", ".report.md"));
      say("Markdown report copied to " + report);
      say("first dump: " + first.getObjectUri());
      step("stopping the node and restoring the host");
    }
    step("done; everything the demo started has stopped");
  }

  /** Applies the example under {@code name}, waits until its dump is stored and analysed. */
  private static TargetStatus captureAndAnalyse(
      NodeCluster node, DemoWorkload workload, String name) {
    Path manifest = workload.captureManifest(name, APP);
    step(
        "kubectl apply -f examples/"
            + EXAMPLE
            + " as "
            + name
            + " (endpoint pointed at the local S3 server)");
    print(node.kubectl().apply(manifest, NAMESPACE));
    step("kubectl wait --for=condition=Analyzed heapcapture/" + name);
    Kubectl.Result waited =
        node.kubectl()
            .waitFor(
                "heapcapture/" + name, "condition=Analyzed", NAMESPACE, Duration.ofSeconds(300));
    print(node.kubectl().run("get", "heapcapture", name, "-n", NAMESPACE));
    if (!waited.succeeded()) {
      print(node.kubectl().run("describe", "heapcapture", name, "-n", NAMESPACE));
      print(node.kubectl().run("logs", "-n", NAMESPACE, "-l", "app=" + APP, "-c", "heapcapture"));
      throw new IllegalStateException(name + " was not captured and analysed");
    }
    HeapCapture capture =
        node.client().resources(HeapCapture.class).inNamespace(NAMESPACE).withName(name).get();
    TargetStatus target = capture.getStatus().getTargets().get(0);
    say("analysed by Job " + target.getAnalysis().getJob() + ", a pod on the node");
    return target;
  }

  private static String signed(Long value) {
    return value == null ? "?" : (value >= 0 ? "+" : "") + value;
  }

  private static Path download(LocalS3 s3, String uri) {
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
    s3.client().getObject(GetObjectRequest.builder().bucket(bucket).key(key).build(), file);
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
