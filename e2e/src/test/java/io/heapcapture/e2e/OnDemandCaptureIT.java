package io.heapcapture.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.luben.zstd.ZstdInputStream;
import io.fabric8.kubernetes.api.model.Event;
import io.heapcapture.api.v1alpha1.HeapCaptureStatus;
import io.heapcapture.api.v1alpha1.TargetPhase;
import io.heapcapture.api.v1alpha1.TargetStatus;
import io.heapcapture.e2e.cluster.Kubectl;
import io.heapcapture.e2e.pod.AppSpec;
import io.heapcapture.e2e.pod.LocalPod;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The walking skeleton through the real parts: kubectl apply of the sample HeapCapture, the
 * operator, a sidecar process attaching to a real leaking JVM, a real S3 server, and the object
 * read back with an independent client.
 */
class OnDemandCaptureIT {
  private static final String NAMESPACE = "shop";

  @RegisterExtension static final ClusterPerClass CLUSTER = new ClusterPerClass(NAMESPACE);

  @Test
  void sampleCaptureStoresAVerifiedHeapDump(@TempDir Path downloads) throws Exception {
    try (LocalPod pod =
        CLUSTER
            .get()
            .kubelet()
            .start(
                NAMESPACE,
                "leaky-demo-0",
                Map.of("app", "leaky-demo"),
                AppSpec.leakyDemo(),
                true)) {
      Path manifest = CLUSTER.get().localCopyOfExample("heapcapture-on-demand.yaml", null);
      String name = Captures.nameIn(manifest);
      Kubectl.Result applied = CLUSTER.get().kubectl().apply(manifest, NAMESPACE);
      assertThat(applied.succeeded()).as("%s", applied).isTrue();

      Kubectl.Result waited =
          CLUSTER
              .get()
              .kubectl()
              .waitFor(
                  "heapcapture/" + name, "condition=Complete", NAMESPACE, Duration.ofSeconds(120));
      assertThat(waited.succeeded())
          .as(
              "capture did not complete: %s%nstatus: %s%nsidecar log: %s",
              waited, Captures.statusJson(CLUSTER.get(), NAMESPACE, name), pod.sidecarLogText())
          .isTrue();

      HeapCaptureStatus status = Captures.get(CLUSTER.get(), NAMESPACE, name).getStatus();
      assertThat(status.getObservedGeneration()).isEqualTo(1L);
      assertThat(status.getSummary()).isEqualTo("1/1");
      assertThat(status.getTargets()).hasSize(1);
      TargetStatus target = status.getTargets().get(0);
      assertThat(target.getPhase()).isEqualTo(TargetPhase.Succeeded);
      assertThat(target.getPod()).isEqualTo("leaky-demo-0");
      assertThat(target.getContainer()).isEqualTo("app");
      assertThat(target.getPid()).isPositive();
      assertThat(target.getPauseMillis()).isNotNegative();
      assertThat(target.getRawBytes()).isGreaterThan(1_000_000L);
      assertThat(target.getStoredBytes()).isPositive().isLessThan(target.getRawBytes());
      assertThat(target.getUploadId()).isNull();
      assertThat(target.getObjectUri())
          .startsWith(
              "s3://" + LocalCluster.BUCKET + "/demo/" + NAMESPACE + "/" + name + "/leaky-demo-0-");

      Path stored = downloads.resolve("dump.hprof.zst");
      AwsCli.download(CLUSTER.get().s3(), target.getObjectUri(), stored);
      assertThat(Files.size(stored)).isEqualTo(target.getStoredBytes());
      assertThat(sha256(stored)).isEqualTo(target.getSha256());

      HprofFile.Summary hprof;
      try (InputStream raw = new ZstdInputStream(Files.newInputStream(stored))) {
        hprof = HprofFile.walk(raw);
      }
      assertThat(hprof.version()).isEqualTo("JAVA PROFILE 1.0.2");
      assertThat(hprof.idSize()).isIn(4, 8);
      assertThat(hprof.heapDumpRecords()).isPositive();

      Path manifestCopy = downloads.resolve("manifest.json");
      AwsCli.download(
          CLUSTER.get().s3(),
          target.getObjectUri().replace(".hprof.zst", ".manifest.json"),
          manifestCopy);
      assertThat(Files.readString(manifestCopy))
          .contains(target.getSha256())
          .contains("\"pod\" : \"leaky-demo-0\"");

      assertThat(pod.dumpFiles()).as("dump volume after upload").isEmpty();
      assertThat(CLUSTER.get().s3().listOpenMultipartUploads(LocalCluster.BUCKET)).isEmpty();
      List<Event> events = Captures.events(CLUSTER.get(), NAMESPACE, name);
      assertThat(events).extracting(Event::getReason).contains("DumpStarted", "DumpStored");
    }
  }

  private static String sha256(Path file) throws Exception {
    MessageDigest digest = MessageDigest.getInstance("SHA-256");
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buffer = new byte[1 << 16];
      for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
        digest.update(buffer, 0, n);
      }
    }
    return HexFormat.of().formatHex(digest.digest());
  }
}
