package io.heapcapture.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Event;
import io.heapcapture.api.v1alpha1.CaptureMode;
import io.heapcapture.api.v1alpha1.CapturePhase;
import io.heapcapture.api.v1alpha1.HeapCapture;
import io.heapcapture.api.v1alpha1.HeapCaptureStatus;
import io.heapcapture.api.v1alpha1.TargetPhase;
import io.heapcapture.e2e.pod.AppSpec;
import io.heapcapture.e2e.pod.LocalPod;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Captures that cannot succeed end in a clear status, leave no upload open and no file behind. */
class CaptureFailuresIT {
  private static final String NAMESPACE = "failures";

  @RegisterExtension static final ClusterPerClass CLUSTER = new ClusterPerClass(NAMESPACE);

  @Test
  void jvmWithAttachDisabledFailsWithThatReason() {
    AppSpec app = AppSpec.leakyDemo().withJvmOption("-XX:+DisableAttachMechanism");
    try (LocalPod pod =
        CLUSTER
            .get()
            .kubelet()
            .start(NAMESPACE, "no-attach", Map.of("app", "no-attach"), app, true)) {
      HeapCaptureStatus status =
          runToEnd(CaptureSpecs.ofPod(CLUSTER.get(), NAMESPACE, "no-attach", pod.name()));

      assertThat(status.getPhase()).isEqualTo(CapturePhase.Failed);
      assertThat(status.getReason()).isEqualTo("AttachDisabled");
      assertThat(status.getTargets())
          .singleElement()
          .satisfies(
              t -> {
                assertThat(t.getPhase()).isEqualTo(TargetPhase.Failed);
                assertThat(t.getMessage()).contains("DisableAttachMechanism");
                assertThat(t.getUploadId()).isNull();
              });
      assertFailedCondition("no-attach", "AttachDisabled");
      assertThat(CLUSTER.get().s3().listOpenMultipartUploads(LocalCluster.BUCKET)).isEmpty();
      assertThat(pod.dumpFiles()).isEmpty();
      assertThat(Captures.events(CLUSTER.get(), NAMESPACE, "no-attach"))
          .extracting(Event::getReason)
          .contains("AttachDisabled");
    }
  }

  @Test
  void storeDownFailsBeforeAnyDumpAndLeavesNothingOpen() {
    try (LocalPod pod =
        CLUSTER
            .get()
            .kubelet()
            .start(
                NAMESPACE, "store-down", Map.of("app", "store-down"), AppSpec.leakyDemo(), true)) {
      CLUSTER.get().s3().stop();
      HeapCaptureStatus status;
      try {
        status = runToEnd(CaptureSpecs.ofPod(CLUSTER.get(), NAMESPACE, "store-down", pod.name()));
      } finally {
        CLUSTER.get().s3().restart();
      }
      assertThat(status.getPhase()).isEqualTo(CapturePhase.Failed);
      assertThat(status.getReason()).isEqualTo("StorageUnavailable");
      assertThat(status.getTargets())
          .singleElement()
          .satisfies(t -> assertThat(t.getMessage()).contains("unreachable"));
      assertThat(CLUSTER.get().s3().listOpenMultipartUploads(LocalCluster.BUCKET)).isEmpty();
      assertThat(pod.dumpFiles()).isEmpty();
      assertThat(pod.sidecarLogText())
          .as("the JVM must not be paused for a dump that cannot be stored")
          .doesNotContain("dumped pid");
    }
  }

  @Test
  void aStoreOutsideThePinnedEndpointsFailsWithEndpointNotAllowedAndGetsNothing() {
    try (LocalPod pod =
        CLUSTER
            .get()
            .kubelet()
            .start(NAMESPACE, "unpinned", Map.of("app", "unpinned"), AppSpec.leakyDemo(), true)) {
      // The same S3 server under another name: the sidecar was pinned to 127.0.0.1 only.
      URI pinned = CLUSTER.get().s3().endpoint();
      HeapCapture capture = CaptureSpecs.ofPod(CLUSTER.get(), NAMESPACE, "unpinned", pod.name());
      capture.getSpec().getStorage().setEndpoint("http://localhost:" + pinned.getPort());

      HeapCaptureStatus status = runToEnd(capture);

      assertThat(status.getPhase()).isEqualTo(CapturePhase.Failed);
      assertThat(status.getReason()).isEqualTo("EndpointNotAllowed");
      assertThat(status.getTargets())
          .singleElement()
          .satisfies(
              t -> {
                assertThat(t.getMessage()).contains("http://localhost:" + pinned.getPort());
                assertThat(t.getObjectUri()).isNull();
                assertThat(t.getUploadId()).isNull();
              });
      assertThat(CLUSTER.get().s3().listOpenMultipartUploads(LocalCluster.BUCKET)).isEmpty();
      assertThat(
              CLUSTER
                  .get()
                  .s3()
                  .client()
                  .listObjectsV2(b -> b.bucket(LocalCluster.BUCKET).prefix("it/failures/unpinned/"))
                  .contents())
          .isEmpty();
      assertThat(pod.dumpFiles()).isEmpty();
    }
  }

  @Test
  void selectorMatchingNoPodFailsAtOnce() {
    HeapCaptureStatus status =
        runToEnd(CaptureSpecs.ofSelector(CLUSTER.get(), NAMESPACE, "nobody", "does-not-exist"));

    assertThat(status.getPhase()).isEqualTo(CapturePhase.Failed);
    assertThat(status.getReason()).isEqualTo("NoMatchingPods");
    assertThat(status.getMessage()).contains("no pod in " + NAMESPACE + " matches");
    assertFailedCondition("nobody", "NoMatchingPods");
  }

  @Test
  void podWithoutSidecarFailsWithInjectionHint() {
    try (LocalPod pod =
        CLUSTER
            .get()
            .kubelet()
            .start(NAMESPACE, "plain-app", Map.of("app", "plain"), AppSpec.leakyDemo(), false)) {
      // Sidecar mode: Auto would add an ephemeral container, which the stand-in cannot run.
      HeapCapture capture = CaptureSpecs.ofSelector(CLUSTER.get(), NAMESPACE, "plain", "plain");
      capture.getSpec().getTarget().setMode(CaptureMode.Sidecar);
      HeapCaptureStatus status = runToEnd(capture);

      assertThat(status.getPhase()).isEqualTo(CapturePhase.Failed);
      assertThat(status.getReason()).isEqualTo("SidecarNotInjected");
      assertThat(status.getMessage()).contains(pod.name());
    }
  }

  private static HeapCaptureStatus runToEnd(HeapCapture capture) {
    CLUSTER.get().client().resource(capture).create();
    String name = capture.getMetadata().getName();
    return await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(250))
        .until(
            () -> {
              HeapCapture current = Captures.get(CLUSTER.get(), NAMESPACE, name);
              return current.getStatus();
            },
            s ->
                s != null
                    && (s.getPhase() == CapturePhase.Failed
                        || s.getPhase() == CapturePhase.Succeeded));
  }

  private static void assertFailedCondition(String name, String reason) {
    HeapCapture capture = Captures.get(CLUSTER.get(), NAMESPACE, name);
    assertThat(capture.getStatus().getConditions())
        .anySatisfy(
            c -> {
              assertThat(c.getType()).isEqualTo("Failed");
              assertThat(c.getStatus()).isEqualTo("True");
              assertThat(c.getReason()).isEqualTo(reason);
              assertThat(c.getObservedGeneration())
                  .isEqualTo(capture.getMetadata().getGeneration());
            })
        .anySatisfy(
            c -> {
              assertThat(c.getType()).isEqualTo("Complete");
              assertThat(c.getStatus()).isEqualTo("False");
            });
  }
}
