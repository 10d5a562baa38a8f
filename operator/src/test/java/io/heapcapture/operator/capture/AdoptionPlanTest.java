package io.heapcapture.operator.capture;

import static org.assertj.core.api.Assertions.assertThat;

import io.heapcapture.api.v1alpha1.CaptureKind;
import io.heapcapture.api.v1alpha1.CaptureMode;
import io.heapcapture.api.v1alpha1.CaptureSource;
import io.heapcapture.api.v1alpha1.CaptureSpec;
import io.heapcapture.api.v1alpha1.HeapCapture;
import io.heapcapture.api.v1alpha1.TargetPhase;
import io.heapcapture.api.v1alpha1.TargetStatus;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A HeapCapture with spec.source adopts the dump one sidecar holds, under the sidecar's id. */
class AdoptionPlanTest {
  private final FakePods pods =
      new FakePods(TestPods.ready("orders-1"), TestPods.ready("orders-2"));
  private final CapturePlanner planner = new CapturePlanner(pods);

  @Test
  void theOneTargetIsThatPodUnderTheSidecarsCaptureId() {
    HeapCapture capture = adopting("orders-2", "uid-orders-2", "oom-k3x9");
    capture.getMetadata().setLabels(Map.of(HeapCapture.TRIGGER_LABEL, "oom"));

    TargetPlan plan = planner.plan(capture);

    assertThat(plan).isInstanceOf(TargetPlan.Capture.class);
    TargetStatus target = ((TargetPlan.Capture) plan).targets().get(0);
    assertThat(((TargetPlan.Capture) plan).targets()).hasSize(1);
    assertThat(target.getPod()).isEqualTo("orders-2");
    assertThat(target.getId()).isEqualTo("oom-k3x9");
    assertThat(target.getMode()).isEqualTo(CaptureMode.Sidecar);
    assertThat(target.getPhase()).isEqualTo(TargetPhase.Pending);
    assertThat(target.getContainer()).isEqualTo("app");
    assertThat(target.getTrigger()).isEqualTo("oom");
  }

  @Test
  void aReplacedPodGivesUp() {
    TargetPlan plan = planner.plan(adopting("orders-2", "uid-of-the-old-orders-2", "oom-k3x9"));

    assertThat(plan).isInstanceOf(TargetPlan.GiveUp.class);
    assertThat(((TargetPlan.GiveUp) plan).reason()).isEqualTo(Reason.PodNotFound);
  }

  @Test
  void aHeapSnapshotIsStoredAsOne() {
    HeapCapture capture = adopting("orders-2", "uid-orders-2", "r-1-rss");
    CaptureSpec kind = new CaptureSpec();
    kind.setKind(CaptureKind.HeapSnapshot);
    capture.getSpec().setCapture(kind);
    TargetStatus target = ((TargetPlan.Capture) planner.plan(capture)).targets().get(0);

    var dump = StorageLayout.dump(capture, target);

    assertThat(dump.key()).isEqualTo("prod/shop/orders-leak/orders-2-r-1-rss.heapsnapshot.zst");
    assertThat(StorageLayout.manifest(dump).key())
        .isEqualTo("prod/shop/orders-leak/orders-2-r-1-rss.manifest.json");
    assertThat(StorageLayout.contentType(capture))
        .isEqualTo("application/vnd.heapcapture.heapsnapshot+zstd");
  }

  private static HeapCapture adopting(String pod, String uid, String id) {
    HeapCapture capture = TestCaptures.byPodName(pod);
    CaptureSource source = new CaptureSource();
    source.setPod(pod);
    source.setPodUid(uid);
    source.setSidecarCapture(id);
    capture.getSpec().setSource(source);
    return capture;
  }
}
