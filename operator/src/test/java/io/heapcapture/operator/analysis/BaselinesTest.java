package io.heapcapture.operator.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.heapcapture.api.v1alpha1.HeapCapture;
import io.heapcapture.api.v1alpha1.HeapCaptureStatus;
import io.heapcapture.api.v1alpha1.TargetPhase;
import io.heapcapture.api.v1alpha1.TargetStatus;
import io.heapcapture.operator.capture.TestCaptures;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BaselinesTest {
  private static final String WORKLOAD = "ReplicaSet/orders-7d4b9";

  @Test
  void theNewestEarlierDumpOfTheSameWorkloadAndContainerIsTheBaseline() {
    TargetStatus current = stored("hc-now", "orders-2", WORKLOAD, "2026-11-25T12:00:00Z");
    List<HeapCapture> captures =
        List.of(
            captureWith("old", stored("hc-old", "orders-1", WORKLOAD, "2026-11-25T10:00:00Z")),
            captureWith("mid", stored("hc-mid", "orders-1", WORKLOAD, "2026-11-25T11:00:00Z")),
            captureWith("later", stored("hc-later", "orders-1", WORKLOAD, "2026-11-25T13:00:00Z")),
            captureWith("self", current));

    Optional<BaselineDump> baseline =
        Baselines.previousOf(captureWith("self", current), current, captures);

    assertThat(baseline)
        .map(b -> b.location().uri())
        .contains("s3://dumps/prod/shop/mid/orders-1-hc-mid.hprof.zst");
    assertThat(baseline).map(BaselineDump::rawBytes).contains(1000L);
  }

  @Test
  void otherWorkloadsContainersFailuresAndOtherBucketsAreNeverBaselines() {
    TargetStatus current = stored("hc-now", "orders-2", WORKLOAD, "2026-11-25T12:00:00Z");
    TargetStatus otherWorkload =
        stored("hc-a", "payments-1", "ReplicaSet/payments-1", "2026-11-25T11:00:00Z");
    TargetStatus otherContainer = stored("hc-b", "orders-1", WORKLOAD, "2026-11-25T11:00:00Z");
    otherContainer.setContainer("envoy");
    TargetStatus failed = stored("hc-c", "orders-1", WORKLOAD, "2026-11-25T11:00:00Z");
    failed.setPhase(TargetPhase.Failed);
    HeapCapture otherBucket =
        captureWith("elsewhere", stored("hc-d", "orders-1", WORKLOAD, "2026-11-25T11:00:00Z"));
    otherBucket.getSpec().getStorage().setBucket("other-dumps");

    Optional<BaselineDump> baseline =
        Baselines.previousOf(
            captureWith("self", current),
            current,
            List.of(
                captureWith("x", otherWorkload, otherContainer, failed),
                otherBucket,
                captureWith("self", current)));

    assertThat(baseline).isEmpty();
  }

  @Test
  void aDumpOfTheSameCaptureCanBeTheBaseline() {
    TargetStatus first = stored("hc-1", "orders-1", WORKLOAD, "2026-11-25T11:00:00Z");
    TargetStatus second = stored("hc-2", "orders-2", WORKLOAD, "2026-11-25T11:00:30Z");
    HeapCapture capture = captureWith("both", first, second);

    assertThat(Baselines.previousOf(capture, second, List.of(capture)))
        .map(b -> b.location().key())
        .contains("prod/shop/both/orders-1-hc-1.hprof.zst");
    assertThat(Baselines.previousOf(capture, first, List.of(capture))).isEmpty();
  }

  @Test
  void aTargetWithoutWorkloadHasNoBaseline() {
    TargetStatus current = stored("hc-now", "orders-2", null, "2026-11-25T12:00:00Z");
    TargetStatus earlier = stored("hc-old", "orders-1", null, "2026-11-25T10:00:00Z");

    assertThat(
            Baselines.previousOf(
                captureWith("self", current), current, List.of(captureWith("old", earlier))))
        .isEmpty();
  }

  static TargetStatus stored(String id, String pod, String workload, String finishedAt) {
    TargetStatus target = TestCaptures.target(id, pod, TargetPhase.Succeeded);
    target.setWorkload(workload);
    target.setFinishedAt(finishedAt);
    target.setRawBytes(1000L);
    target.setStoredBytes(100L);
    return target;
  }

  static HeapCapture captureWith(String name, TargetStatus... targets) {
    HeapCapture capture = TestCaptures.bySelector();
    capture.setMetadata(
        new ObjectMetaBuilder(capture.getMetadata()).withName(name).withUid("uid-" + name).build());
    HeapCaptureStatus status = new HeapCaptureStatus();
    for (TargetStatus target : targets) {
      target.setObjectUri(
          "s3://"
              + capture.getSpec().getStorage().getBucket()
              + "/prod/shop/"
              + name
              + "/"
              + target.getPod()
              + "-"
              + target.getId()
              + ".hprof.zst");
    }
    status.setTargets(List.of(targets));
    capture.setStatus(status);
    return capture;
  }
}
