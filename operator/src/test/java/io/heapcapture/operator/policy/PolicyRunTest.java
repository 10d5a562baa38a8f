package io.heapcapture.operator.policy;

import static io.heapcapture.operator.policy.PolicyFixtures.CREATED;
import static io.heapcapture.operator.policy.PolicyFixtures.every;
import static io.heapcapture.operator.policy.PolicyFixtures.heapAbove;
import static io.heapcapture.operator.policy.PolicyFixtures.policy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.fabric8.kubernetes.api.model.Pod;
import io.heapcapture.api.v1alpha1.CapturePhase;
import io.heapcapture.api.v1alpha1.HeapCapture;
import io.heapcapture.api.v1alpha1.HeapCapturePolicy;
import io.heapcapture.api.v1alpha1.TargetSpec;
import io.heapcapture.operator.capture.PodLookup;
import io.heapcapture.operator.capture.TargetPod;
import io.heapcapture.operator.sidecar.SidecarClient;
import io.heapcapture.sidecar.api.ArmedPolicy;
import io.heapcapture.sidecar.api.ArmedRules;
import io.heapcapture.sidecar.api.CaptureKind;
import io.heapcapture.sidecar.api.CaptureOrigin;
import io.heapcapture.sidecar.api.CaptureState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PolicyRunTest {
  private final PolicyFixtures.HandClock clock = new PolicyFixtures.HandClock(CREATED);
  private final List<Pod> pods = new ArrayList<>();
  private final StoredCaptures captures = new StoredCaptures();
  private final SidecarClient sidecars = mock(SidecarClient.class);
  private final PolicyEvents events = mock(PolicyEvents.class);
  private final PolicyRun run = new PolicyRun(new ListedPods(), sidecars, captures, events, clock);

  @Test
  void everyTwoSecondsTwiceCreatesExactlyTwoCaptures() {
    HeapCapturePolicy policy = policy("twice", every("snap", "2s", 2));

    clock.advance(Duration.ofMillis(100));
    PolicyRun.Outcome first = pass(policy);
    assertThat(captures.names()).containsExactly("twice-snap-" + CREATED.getEpochSecond());
    assertThat(first.recheckAfter()).contains(Duration.ofMillis(1900));
    assertThat(first.status().getNextCapture().getTime())
        .isEqualTo(CREATED.plusSeconds(2).toString());

    clock.advance(Duration.ofMillis(1000));
    pass(policy);
    assertThat(captures.names()).hasSize(1);

    clock.advance(Duration.ofMillis(900));
    pass(policy);
    clock.advance(Duration.ofSeconds(30));
    PolicyRun.Outcome last = pass(policy);

    assertThat(captures.names())
        .containsExactly(
            "twice-snap-" + CREATED.getEpochSecond(),
            "twice-snap-" + (CREATED.getEpochSecond() + 2));
    assertThat(last.status().getCapturesCreated()).isEqualTo(2);
    assertThat(last.status().getNextCapture()).isNull();
    assertThat(last.status().getConditions().get(0).getReason()).isEqualTo("Completed");
    HeapCapture made = captures.stored.values().iterator().next();
    assertThat(made.getMetadata().getLabels())
        .containsEntry("heapcapture.io/policy", "twice")
        .containsEntry("heapcapture.io/trigger", "snap");
    assertThat(made.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(
            o -> {
              assertThat(o.getUid()).isEqualTo("uid-twice");
              assertThat(o.getController()).isTrue();
            });
  }

  @Test
  void aPassRepeatedOnAStaleStatusCreatesTheSameCaptureOnlyOnce() {
    HeapCapturePolicy policy = policy("twice", every("snap", "2s", 2));
    clock.advance(Duration.ofMillis(100));

    PolicyRun.Outcome lost = run.advance(policy, List.of()); // its status write is lost
    PolicyRun.Outcome retried = run.advance(policy, List.of());

    assertThat(captures.attempts).isEqualTo(2);
    assertThat(captures.names()).hasSize(1);
    assertThat(retried.status().getCapturesCreated())
        .isEqualTo(lost.status().getCapturesCreated())
        .isEqualTo(1);
  }

  @Test
  void anOomKillIsAnnouncedOnce() throws Exception {
    HeapCapturePolicy policy = policy("nightly", every("snap", "24h", null));
    pods.add(PolicyFixtures.oomKilled("orders-1", "2026-03-01T10:00:05Z"));
    when(sidecars.armedRules(any())).thenReturn(new ArmedRules(List.of()));

    PolicyRun.Outcome first = pass(policy);
    pass(policy);

    verify(sidecars, times(1).description("a schedule-only policy checks for stale rules once"))
        .armedRules(any());
    verify(events, times(1))
        .oomKilled(eq(policy), eq(new OomKills.Kill("orders-1", "app", "2026-03-01T10:00:05Z")));
    assertThat(first.status().getOomKills())
        .singleElement()
        .satisfies(k -> assertThat(k.getCount()).isEqualTo(1));
  }

  @Test
  void aRuleDumpIsAdoptedOnceAndTheSidecarsStayArmed() throws Exception {
    HeapCapturePolicy policy = policy("leak", heapAbove("heap-high", 85));
    TargetPod pod = PolicyFixtures.pod("orders-1", true);
    pods.add(pod.pod());
    when(sidecars.armedRules(any()))
        .thenReturn(
            new ArmedRules(List.of(new ArmedPolicy("leak", "uid-leak", 1, false, List.of()))));
    when(sidecars.listCaptures(any()))
        .thenReturn(
            List.of(
                new CaptureState(
                    "r-k3-heap-high",
                    io.heapcapture.sidecar.api.CapturePhase.DUMPED,
                    7L,
                    null,
                    null,
                    null,
                    1000L,
                    null,
                    null,
                    CaptureOrigin.RULE,
                    "leak",
                    "heap-high",
                    CaptureKind.HEAP_DUMP_ALL)));

    PolicyRun.Outcome first = pass(policy);
    pass(policy);

    assertThat(captures.stored.values())
        .singleElement()
        .satisfies(
            c ->
                assertThat(c.getSpec().getSource().getSidecarCapture())
                    .isEqualTo("r-k3-heap-high"));
    assertThat(first.status().getTargets())
        .singleElement()
        .satisfies(t -> assertThat(t.getArmed()).isTrue());
    assertThat(first.status().getConditions().get(0).getReason()).isEqualTo("Active");
    assertThat(first.recheckAfter()).contains(PolicyRun.POLL);
  }

  @Test
  void aSuspendedPolicyDisarmsAndSchedulesNothing() throws Exception {
    HeapCapturePolicy policy =
        policy("leak", heapAbove("heap-high", 85), every("snap", "1m", null));
    pass(policy); // a first pass while active: the first run is taken, the next one is due
    assertThat(policy.getStatus().getNextCapture()).isNotNull();
    List<String> takenWhileActive = List.copyOf(captures.names());
    policy.getSpec().setSuspend(true);
    TargetPod pod = PolicyFixtures.pod("orders-1", true);
    pods.add(pod.pod());
    when(sidecars.armedRules(any()))
        .thenReturn(
            new ArmedRules(List.of(new ArmedPolicy("leak", "uid-leak", 1, false, List.of()))));

    PolicyRun.Outcome outcome = pass(policy);

    verify(sidecars).disarm(pod.sidecarEndpoint(), "leak");
    verify(sidecars, never()).armRules(any(), any());
    assertThat(captures.names()).isEqualTo(takenWhileActive);
    assertThat(outcome.status().getConditions().get(0).getReason()).isEqualTo("Suspended");
    assertThat(outcome.status().getNextCapture()).as("nothing is due while suspended").isNull();
    assertThat(outcome.recheckAfter()).isEmpty();
  }

  @Test
  void finishedCapturesBeyondTheLimitsAreDeleted() {
    HeapCapturePolicy policy = policy("nightly", every("snap", "24h", null));
    policy.getSpec().setSuccessfulCapturesHistoryLimit(1);
    HeapCapture older =
        HistoryLimitsTest.capture("old", "2026-02-27T10:00:00Z", CapturePhase.Succeeded);
    HeapCapture newer =
        HistoryLimitsTest.capture("new", "2026-02-28T10:00:00Z", CapturePhase.Succeeded);

    run.advance(policy, List.of(newer, older));

    assertThat(captures.deleted).containsExactly("old");
  }

  @Test
  void anUnparsableScheduleMakesThePolicyNotReady() {
    HeapCapturePolicy policy = policy("bad", every("snap", "2s", null));
    policy.getSpec().getTriggers().get(0).getSchedule().setEvery(null);
    policy.getSpec().getTriggers().get(0).getSchedule().setCron("61 * * * *");

    PolicyRun.Outcome outcome = pass(policy);

    assertThat(outcome.status().getConditions().get(0).getStatus()).isEqualTo("False");
    assertThat(outcome.status().getConditions().get(0).getReason()).isEqualTo("InvalidSpec");
    assertThat(outcome.status().getConditions().get(0).getMessage())
        .startsWith("trigger snap: cron '61 * * * *'");
    assertThat(captures.names()).isEmpty();
  }

  @Test
  void deletionDisarmsAndLetsUnfinishedCapturesOutliveThePolicy() throws Exception {
    HeapCapturePolicy policy = policy("leak", heapAbove("heap-high", 85));
    TargetPod pod = PolicyFixtures.pod("orders-1", true);
    pods.add(pod.pod());
    HeapCapture running =
        HistoryLimitsTest.capture("running", "2026-03-01T10:00:00Z", CapturePhase.Capturing);
    HeapCapture done =
        HistoryLimitsTest.capture("done", "2026-03-01T09:00:00Z", CapturePhase.Succeeded);

    PolicyRun.Cleanup cleanup = run.cleanup(policy, List.of(running, done));

    verify(sidecars).disarm(pod.sidecarEndpoint(), "leak");
    assertThat(captures.released).containsExactly("running");
    assertThat(cleanup.sidecarsUnreachable()).isFalse();
  }

  /** One pass whose status write succeeds, as the reconciler does it. */
  private PolicyRun.Outcome pass(HeapCapturePolicy policy) {
    PolicyRun.Outcome outcome = run.advance(policy, List.of());
    policy.setStatus(outcome.status());
    return outcome;
  }

  private final class ListedPods implements PodLookup {
    @Override
    public List<TargetPod> matching(String namespace, TargetSpec target) {
      return pods.stream().map(TargetPod::new).toList();
    }

    @Override
    public Optional<TargetPod> byName(String namespace, String name) {
      return matching(namespace, null).stream().filter(p -> p.name().equals(name)).findFirst();
    }
  }

  /** The API server's view of HeapCaptures: a second create of a name is refused. */
  static final class StoredCaptures implements PolicyCaptures {
    final Map<String, HeapCapture> stored = new LinkedHashMap<>();
    final List<String> deleted = new ArrayList<>();
    final List<String> released = new ArrayList<>();
    int attempts;

    List<String> names() {
      return List.copyOf(stored.keySet());
    }

    @Override
    public List<HeapCapture> inNamespace(String namespace) {
      return List.copyOf(stored.values());
    }

    @Override
    public boolean create(HeapCapture capture) {
      attempts++;
      return stored.putIfAbsent(capture.getMetadata().getName(), capture) == null;
    }

    @Override
    public void delete(HeapCapture capture) {
      deleted.add(capture.getMetadata().getName());
      stored.remove(capture.getMetadata().getName());
    }

    @Override
    public void release(HeapCapture capture, String ownerUid) {
      released.add(capture.getMetadata().getName());
    }
  }
}
