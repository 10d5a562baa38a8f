package io.heapcapture.e2e;

import io.fabric8.kubernetes.client.utils.Serialization;
import io.heapcapture.api.v1alpha1.HeapCapture;
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
 * standing in for a pod; then {@code kubectl apply} of the sample HeapCapture, and what was stored.
 * Everything it starts stops when it ends or is interrupted.
 */
public final class Demo {
  private static final String NAMESPACE = "demo";
  private static final String EXAMPLE = "heapcapture-on-demand.yaml";

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

        Path manifest = cluster.localCopyOfExample(EXAMPLE, null);
        String name =
            Serialization.unmarshal(Files.readString(manifest), HeapCapture.class)
                .getMetadata()
                .getName();
        step("kubectl apply -f examples/" + EXAMPLE + " (endpoint pointed at the local S3 server)");
        print(cluster.kubectl().apply(manifest, NAMESPACE));

        step("kubectl wait --for=condition=Complete heapcapture/" + name);
        Kubectl.Result waited =
            cluster
                .kubectl()
                .waitFor(
                    "heapcapture/" + name,
                    "condition=Complete",
                    NAMESPACE,
                    Duration.ofSeconds(180));
        print(cluster.kubectl().run("get", "heapcapture", name, "-n", NAMESPACE));
        if (!waited.succeeded()) {
          print(cluster.kubectl().run("describe", "heapcapture", name, "-n", NAMESPACE));
          say("sidecar log: " + pod.sidecarLog());
          throw new IllegalStateException("the capture did not complete");
        }
        HeapCapture capture =
            cluster
                .client()
                .resources(HeapCapture.class)
                .inNamespace(NAMESPACE)
                .withName(name)
                .get();
        TargetStatus target = capture.getStatus().getTargets().get(0);
        Path local = download(cluster, target);

        step("stored");
        say("object      " + target.getObjectUri());
        say("raw size    " + target.getRawBytes() + " bytes (HPROF)");
        say("stored size " + target.getStoredBytes() + " bytes (zstd)");
        say("sha256      " + target.getSha256());
        say(
            "JVM pause   "
                + target.getPauseMillis()
                + " ms (pid "
                + target.getPid()
                + " in the pod)");
        say("copy        " + local);
        say("");
        say("To download it from your own bucket:");
        say("  aws s3 cp " + target.getObjectUri() + " . && zstd -d " + local.getFileName());
        say("  (add --endpoint-url for an S3-compatible server)");
      }
    }
    step("done; everything the demo started has stopped");
  }

  private static Path download(LocalCluster cluster, TargetStatus target) {
    String uri = target.getObjectUri();
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
