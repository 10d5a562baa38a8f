package io.heapcapture.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.heapcapture.api.v1alpha1.CapturePhase;
import io.heapcapture.api.v1alpha1.HeapCapture;
import io.heapcapture.api.v1alpha1.HeapCaptureStatus;
import io.heapcapture.api.v1alpha1.TargetPhase;
import io.heapcapture.api.v1alpha1.TargetStatus;
import io.heapcapture.e2e.pod.AppSpec;
import io.heapcapture.e2e.pod.LocalPod;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * An operator that stops in the middle of a capture and starts again neither loses nor repeats it.
 */
class OperatorRestartIT {
  private static final String NAMESPACE = "restart";

  @RegisterExtension static final ClusterPerClass CLUSTER = new ClusterPerClass(NAMESPACE);

  @Test
  void restartDuringDumpStoresExactlyOneDump() {
    try (LocalPod pod =
        CLUSTER
            .get()
            .kubelet()
            .start(NAMESPACE, "restart-0", Map.of("app", "restart"), AppSpec.leakyDemo(), true)) {
      HeapCapture capture = CaptureSpecs.ofPod(CLUSTER.get(), NAMESPACE, "restart", pod.name());
      CLUSTER.get().client().resource(capture).create();

      // Stop the operator as soon as it has asked the sidecar for the dump and recorded that.
      TargetStatus seen =
          await()
              .atMost(Duration.ofSeconds(60))
              .pollInterval(Duration.ofMillis(20))
              .until(
                  () -> firstTarget("restart"),
                  t -> t != null && t.getPhase() != TargetPhase.Pending);
      CLUSTER.get().stopOperator();
      TargetStatus beforeRestart = firstTarget("restart");
      assertThat(beforeRestart.getPhase())
          .as("the operator must have stopped mid-capture for this test to mean anything")
          .isIn(TargetPhase.Dumping, TargetPhase.Uploading);
      assertThat(seen.getId()).isEqualTo(beforeRestart.getId());

      CLUSTER.get().startOperator();
      HeapCaptureStatus status =
          await()
              .atMost(Duration.ofSeconds(90))
              .pollInterval(Duration.ofMillis(250))
              .until(
                  () -> Captures.get(CLUSTER.get(), NAMESPACE, "restart").getStatus(),
                  s ->
                      s.getPhase() == CapturePhase.Succeeded
                          || s.getPhase() == CapturePhase.Failed);

      assertThat(status.getPhase()).as("%s", status.getMessage()).isEqualTo(CapturePhase.Succeeded);
      assertThat(status.getTargets())
          .singleElement()
          .satisfies(t -> assertThat(t.getId()).isEqualTo(beforeRestart.getId()));
      List<S3Object> stored =
          CLUSTER
              .get()
              .s3()
              .client()
              .listObjectsV2(
                  r -> r.bucket(LocalCluster.BUCKET).prefix("it/" + NAMESPACE + "/restart/"))
              .contents();
      assertThat(stored)
          .extracting(S3Object::key)
          .filteredOn(k -> k.endsWith(".hprof.zst"))
          .hasSize(1);
      assertThat(dumpsTaken(pod.sidecarLogText(), beforeRestart.getId()))
          .as("dumps the sidecar took")
          .isEqualTo(1);
      assertThat(CLUSTER.get().s3().listOpenMultipartUploads(LocalCluster.BUCKET)).isEmpty();
    }
  }

  private static TargetStatus firstTarget(String name) {
    HeapCapture capture = Captures.get(CLUSTER.get(), NAMESPACE, name);
    if (capture == null
        || capture.getStatus() == null
        || capture.getStatus().getTargets().isEmpty()) {
      return null;
    }
    return capture.getStatus().getTargets().get(0);
  }

  private static int dumpsTaken(String sidecarLog, String id) {
    Matcher m =
        Pattern.compile("capture " + Pattern.quote(id) + ": dumped pid").matcher(sidecarLog);
    int n = 0;
    while (m.find()) {
      n++;
    }
    return n;
  }
}
