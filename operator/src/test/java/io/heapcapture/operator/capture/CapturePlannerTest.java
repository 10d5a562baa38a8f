package io.heapcapture.operator.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.fabric8.kubernetes.api.model.Pod;
import io.heapcapture.api.v1alpha1.CaptureMode;
import io.heapcapture.api.v1alpha1.HeapCapture;
import io.heapcapture.api.v1alpha1.TargetPhase;
import io.heapcapture.api.v1alpha1.TargetStatus;
import java.util.List;
import org.junit.jupiter.api.Test;

class CapturePlannerTest {
  private final FakePods pods = new FakePods();
  private final CapturePlanner planner = new CapturePlanner(pods);

  @Test
  void noPodMatchingTheSelectorGivesUpWithNoMatchingPods() {
    TargetPlan plan = planner.plan(TestCaptures.bySelector());

    assertThat(plan)
        .isEqualTo(
            new TargetPlan.GiveUp(Reason.NoMatchingPods, "no pod in shop matches the selector"));
  }

  @Test
  void aMissingNamedPodGivesUpWithPodNotFound() {
    pods.replaceAll(TestPods.ready("orders-1"));

    TargetPlan plan = planner.plan(TestCaptures.byPodName("orders-9"));

    assertThat(plan).isInstanceOf(TargetPlan.GiveUp.class);
    assertThat(((TargetPlan.GiveUp) plan).reason()).isEqualTo(Reason.PodNotFound);
    assertThat(((TargetPlan.GiveUp) plan).message()).contains("orders-9");
  }

  @Test
  void podsWithoutTheSidecarGiveUpWithSidecarNotInjectedInSidecarMode() {
    pods.replaceAll(TestPods.withoutSidecar("orders-1"), TestPods.withoutSidecar("orders-2"));

    TargetPlan plan = planner.plan(inMode(TestCaptures.bySelector(), CaptureMode.Sidecar));

    assertThat(plan).isInstanceOf(TargetPlan.GiveUp.class);
    assertThat(((TargetPlan.GiveUp) plan).reason()).isEqualTo(Reason.SidecarNotInjected);
    assertThat(((TargetPlan.GiveUp) plan).message()).contains("orders-1", "orders-2");
  }

  @Test
  void autoReachesPodsWithoutTheSidecarThroughAnEphemeralContainer() {
    pods.replaceAll(
        TestPods.ready("orders-a"),
        TestPods.withoutSidecar("orders-b"),
        TestPods.sidecarNotReady("orders-c"));

    List<TargetStatus> targets = targets(planner.plan(TestCaptures.bySelector()));

    assertThat(targets)
        .extracting(TargetStatus::getPod, TargetStatus::getMode)
        .containsExactly(
            tuple("orders-a", CaptureMode.Sidecar),
            tuple("orders-b", CaptureMode.EphemeralContainer));
  }

  @Test
  void ephemeralModeIgnoresTheSidecar() {
    pods.replaceAll(TestPods.ready("orders-a"));

    List<TargetStatus> targets =
        targets(planner.plan(inMode(TestCaptures.bySelector(), CaptureMode.EphemeralContainer)));

    assertThat(targets)
        .extracting(TargetStatus::getMode)
        .containsExactly(CaptureMode.EphemeralContainer);
  }

  @Test
  void aPodThatDoesNotRunYetIsWaitedForInEphemeralMode() {
    Pod pending = TestPods.withoutSidecar("orders-1");
    pending.getStatus().setPhase("Pending");
    pods.replaceAll(pending);

    TargetPlan plan = planner.plan(TestCaptures.bySelector());

    assertThat(plan)
        .isEqualTo(new TargetPlan.Wait(Reason.WaitingForPod, "waiting for [orders-1] to run"));
  }

  private static HeapCapture inMode(HeapCapture capture, CaptureMode mode) {
    capture.getSpec().getTarget().setMode(mode);
    return capture;
  }

  @Test
  void aSidecarThatIsNotReadyYetIsWaitedFor() {
    pods.replaceAll(TestPods.sidecarNotReady("orders-1"), TestPods.withoutSidecar("orders-2"));

    TargetPlan plan = planner.plan(inMode(TestCaptures.bySelector(), CaptureMode.Sidecar));

    assertThat(plan).isInstanceOf(TargetPlan.Wait.class);
    assertThat(((TargetPlan.Wait) plan).reason()).isEqualTo(Reason.WaitingForSidecar);
    assertThat(((TargetPlan.Wait) plan).message()).contains("orders-1").doesNotContain("orders-2");
  }

  @Test
  void takesTheFirstReadyPodsByNameUpToMaxTargets() {
    pods.replaceAll(
        TestPods.ready("orders-c"),
        TestPods.sidecarNotReady("orders-0"),
        TestPods.ready("orders-a"),
        TestPods.withoutSidecar("orders-1"),
        TestPods.ready("orders-b"));
    HeapCapture capture = inMode(TestCaptures.bySelector(), CaptureMode.Sidecar);
    capture.getSpec().getLimits().setMaxTargets(2);

    List<TargetStatus> targets = targets(planner.plan(capture));

    assertThat(targets).extracting(TargetStatus::getPod).containsExactly("orders-a", "orders-b");
    assertThat(targets).extracting(TargetStatus::getMode).containsOnly(CaptureMode.Sidecar);
    assertThat(targets)
        .allSatisfy(
            t -> {
              assertThat(t.getPhase()).isEqualTo(TargetPhase.Pending);
              assertThat(t.getPodUid()).isEqualTo("uid-" + t.getPod());
              assertThat(t.getTrigger()).isEqualTo("OnDemand");
              assertThat(t.getUploadId()).isNull();
            });
  }

  @Test
  void theOnlyApplicationContainerIsTheDefault() {
    pods.replaceAll(TestPods.ready("orders-1", "uid-1", "10.0.0.11", "web"));

    TargetStatus target = targets(planner.plan(TestCaptures.bySelector())).get(0);

    assertThat(target.getContainer()).isEqualTo("web");
    assertThat(target.getPhase()).isEqualTo(TargetPhase.Pending);
  }

  @Test
  void severalApplicationContainersWithoutAChoiceFailTheTargetAsAmbiguous() {
    pods.replaceAll(TestPods.ready("orders-1", "uid-1", "10.0.0.11", "web", "envoy"));

    TargetStatus target = targets(planner.plan(TestCaptures.bySelector())).get(0);

    assertThat(target.getPhase()).isEqualTo(TargetPhase.Failed);
    assertThat(target.getReason()).isEqualTo(Reason.ContainerAmbiguous.name());
    assertThat(target.getMessage()).contains("web", "envoy", "spec.target.container");
  }

  @Test
  void theNamedContainerIsTakenAmongSeveral() {
    pods.replaceAll(TestPods.ready("orders-1", "uid-1", "10.0.0.11", "web", "envoy"));
    HeapCapture capture = TestCaptures.bySelector();
    capture.getSpec().getTarget().setContainer("web");

    TargetStatus target = targets(planner.plan(capture)).get(0);

    assertThat(target.getContainer()).isEqualTo("web");
    assertThat(target.getPhase()).isEqualTo(TargetPhase.Pending);
  }

  @Test
  void aNamedContainerThePodLacksFailsTheTarget() {
    pods.replaceAll(TestPods.ready("orders-1", "uid-1", "10.0.0.11", "web"));
    HeapCapture capture = TestCaptures.bySelector();
    capture.getSpec().getTarget().setContainer("worker");

    TargetStatus target = targets(planner.plan(capture)).get(0);

    assertThat(target.getPhase()).isEqualTo(TargetPhase.Failed);
    assertThat(target.getReason()).isEqualTo(Reason.ContainerNotFound.name());
    assertThat(target.getMessage()).contains("worker", "web");
  }

  @Test
  void idsDependOnlyOnTheCaptureAndThePod() {
    pods.replaceAll(TestPods.ready("orders-1"), TestPods.ready("orders-2"));
    HeapCapture capture = TestCaptures.bySelector();

    List<TargetStatus> first = targets(planner.plan(capture));
    List<TargetStatus> again = targets(new CapturePlanner(pods).plan(TestCaptures.bySelector()));
    capture.getMetadata().setUid("cap-uid-2");
    List<TargetStatus> otherCapture = targets(planner.plan(capture));

    assertThat(again).extracting(TargetStatus::getId).isEqualTo(ids(first));
    assertThat(first.get(0).getId()).isNotEqualTo(first.get(1).getId());
    assertThat(ids(otherCapture)).doesNotContainAnyElementsOf(ids(first));
  }

  private static List<String> ids(List<TargetStatus> targets) {
    return targets.stream().map(TargetStatus::getId).toList();
  }

  private static List<TargetStatus> targets(TargetPlan plan) {
    assertThat(plan).isInstanceOf(TargetPlan.Capture.class);
    return ((TargetPlan.Capture) plan).targets();
  }
}
