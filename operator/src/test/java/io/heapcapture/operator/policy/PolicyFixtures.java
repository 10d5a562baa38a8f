package io.heapcapture.operator.policy;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.heapcapture.api.v1alpha1.HeapCapturePolicy;
import io.heapcapture.api.v1alpha1.HeapCapturePolicySpec;
import io.heapcapture.api.v1alpha1.OutOfMemoryTrigger;
import io.heapcapture.api.v1alpha1.PolicyTrigger;
import io.heapcapture.api.v1alpha1.ScheduleTrigger;
import io.heapcapture.api.v1alpha1.StorageSpec;
import io.heapcapture.api.v1alpha1.TargetSpec;
import io.heapcapture.api.v1alpha1.ThresholdTrigger;
import io.heapcapture.operator.capture.TargetPod;
import io.heapcapture.sidecar.api.SidecarApi;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

/** Policies, pods and a hand-moved clock for the policy tests. */
final class PolicyFixtures {
  static final String NAMESPACE = "shop";
  static final Instant CREATED = Instant.parse("2026-03-01T10:00:00Z");

  private PolicyFixtures() {}

  static HeapCapturePolicy policy(String name, PolicyTrigger... triggers) {
    HeapCapturePolicy policy = new HeapCapturePolicy();
    policy.setMetadata(
        new ObjectMetaBuilder()
            .withName(name)
            .withNamespace(NAMESPACE)
            .withUid("uid-" + name)
            .withGeneration(1L)
            .withCreationTimestamp(CREATED.toString())
            .build());
    HeapCapturePolicySpec spec = new HeapCapturePolicySpec();
    TargetSpec target = new TargetSpec();
    target.setSelector(
        new io.fabric8.kubernetes.api.model.LabelSelectorBuilder()
            .withMatchLabels(Map.of("app", "orders"))
            .build());
    spec.setTarget(target);
    StorageSpec storage = new StorageSpec();
    storage.setBucket("dumps");
    spec.setStorage(storage);
    spec.setTriggers(List.of(triggers));
    policy.setSpec(spec);
    return policy;
  }

  static PolicyTrigger every(String name, String every, Integer count) {
    ScheduleTrigger schedule = new ScheduleTrigger();
    schedule.setEvery(every);
    schedule.setCount(count);
    PolicyTrigger trigger = new PolicyTrigger();
    trigger.setName(name);
    trigger.setSchedule(schedule);
    return trigger;
  }

  static PolicyTrigger heapAbove(String name, double percent) {
    ThresholdTrigger threshold = new ThresholdTrigger();
    threshold.setHeapUsedPercent(percent);
    threshold.setHoldFor("30s");
    threshold.setCooldown("10m");
    PolicyTrigger trigger = new PolicyTrigger();
    trigger.setName(name);
    trigger.setThreshold(threshold);
    return trigger;
  }

  static PolicyTrigger outOfMemory(String name) {
    PolicyTrigger trigger = new PolicyTrigger();
    trigger.setName(name);
    trigger.setOutOfMemory(new OutOfMemoryTrigger());
    return trigger;
  }

  /**
   * Running, one application container "app", and a ready sidecar unless {@code sidecar} is off.
   */
  static TargetPod pod(String name, boolean sidecar) {
    return new TargetPod(podBuilder(name, sidecar).build());
  }

  static PodBuilder podBuilder(String name, boolean sidecar) {
    PodBuilder pod =
        new PodBuilder()
            .withNewMetadata()
            .withName(name)
            .withNamespace(NAMESPACE)
            .withUid("uid-" + name)
            .endMetadata()
            .withNewSpec()
            .addToContainers(new ContainerBuilder().withName("app").build())
            .endSpec()
            .withNewStatus()
            .withPhase("Running")
            .withPodIP("10.0.0.7")
            .addToContainerStatuses(
                new ContainerStatusBuilder()
                    .withName("app")
                    .withReady(true)
                    .withContainerID("containerd://app-" + name)
                    .build())
            .endStatus();
    if (sidecar) {
      pod.editSpec()
          .addToContainers(new ContainerBuilder().withName(SidecarApi.CONTAINER_NAME).build())
          .endSpec()
          .editStatus()
          .addToContainerStatuses(
              new ContainerStatusBuilder()
                  .withName(SidecarApi.CONTAINER_NAME)
                  .withReady(true)
                  .build())
          .endStatus();
    }
    return pod;
  }

  /** A pod whose "app" container was OOM-killed at {@code at} and restarted. */
  static Pod oomKilled(String name, String at) {
    Pod pod = podBuilder(name, true).build();
    pod.getStatus()
        .getContainerStatuses()
        .get(0)
        .setLastState(
            new io.fabric8.kubernetes.api.model.ContainerStateBuilder()
                .withNewTerminated()
                .withReason("OOMKilled")
                .withExitCode(137)
                .withFinishedAt(at)
                .endTerminated()
                .build());
    return pod;
  }

  /** A clock that tests move by hand. */
  static final class HandClock extends Clock {
    private Instant now;

    HandClock(Instant start) {
      this.now = start;
    }

    void advance(Duration by) {
      now = now.plus(by);
    }

    void set(Instant at) {
      now = at;
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      throw new UnsupportedOperationException("tests use UTC");
    }
  }
}
