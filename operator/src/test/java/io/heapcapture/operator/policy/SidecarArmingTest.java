package io.heapcapture.operator.policy;

import static io.heapcapture.operator.policy.PolicyFixtures.heapAbove;
import static io.heapcapture.operator.policy.PolicyFixtures.outOfMemory;
import static io.heapcapture.operator.policy.PolicyFixtures.pod;
import static io.heapcapture.operator.policy.PolicyFixtures.policy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.heapcapture.api.v1alpha1.HeapCapturePolicy;
import io.heapcapture.api.v1alpha1.PolicyTargetStatus;
import io.heapcapture.operator.capture.TargetPod;
import io.heapcapture.operator.sidecar.SidecarClient;
import io.heapcapture.operator.sidecar.SidecarException;
import io.heapcapture.sidecar.api.ArmedPolicy;
import io.heapcapture.sidecar.api.ArmedRules;
import io.heapcapture.sidecar.api.Condition;
import io.heapcapture.sidecar.api.RulePhase;
import io.heapcapture.sidecar.api.RuleSet;
import io.heapcapture.sidecar.api.RuleState;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

class SidecarArmingTest {
  private final SidecarClient sidecars = mock(SidecarClient.class);
  private final SidecarArming arming = new SidecarArming(sidecars);
  private final HeapCapturePolicy policy =
      policy("leak", heapAbove("heap-high", 85), outOfMemory("oom"));
  private final TargetPod pod = pod("orders-1", true);

  @Test
  void aSidecarWithoutThePolicysRulesIsArmedWithThem() throws Exception {
    when(sidecars.armedRules(pod.sidecarEndpoint())).thenReturn(new ArmedRules(List.of()));
    when(sidecars.armRules(any(), any())).thenReturn(armed("uid-leak", 1, RulePhase.ARMED));

    PolicyTargetStatus status = arming.arm(policy, pod);

    ArgumentCaptor<RuleSet> sent = ArgumentCaptor.forClass(RuleSet.class);
    verify(sidecars)
        .armRules(org.mockito.ArgumentMatchers.eq(pod.sidecarEndpoint()), sent.capture());
    RuleSet rules = sent.getValue();
    assertThat(rules.policy()).isEqualTo("leak");
    assertThat(rules.policyUid()).isEqualTo("uid-leak");
    assertThat(rules.generation()).isEqualTo(1);
    assertThat(rules.container()).isEqualTo("app");
    assertThat(rules.containerId()).isEqualTo("app-orders-1");
    assertThat(rules.outOfMemory()).isTrue();
    assertThat(rules.rules())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.condition()).isEqualTo(Condition.HEAP_USED_PERCENT);
              assertThat(r.above()).isEqualTo(85);
              assertThat(r.holdFor()).isEqualTo(Duration.ofSeconds(30));
              assertThat(r.cooldown()).isEqualTo(Duration.ofMinutes(10));
            });
    assertThat(status.getArmed()).isTrue();
    assertThat(status.getRules()).singleElement().extracting(r -> r.getPhase()).isEqualTo("Armed");
  }

  @Test
  void theSameGenerationIsNotArmedAgain() throws Exception {
    when(sidecars.armedRules(pod.sidecarEndpoint()))
        .thenReturn(new ArmedRules(List.of(armed("uid-leak", 1, RulePhase.COOLDOWN))));

    PolicyTargetStatus status = arming.arm(policy, pod);

    verify(sidecars, never()).armRules(any(), any());
    assertThat(status.getArmed()).isTrue();
    assertThat(status.getRules().get(0).getPhase()).isEqualTo("Cooldown");
  }

  @Test
  void anotherGenerationOrUidIsReplaced() throws Exception {
    when(sidecars.armedRules(pod.sidecarEndpoint()))
        .thenReturn(new ArmedRules(List.of(armed("uid-leak", 0, RulePhase.ARMED))));
    when(sidecars.armRules(any(), any())).thenReturn(armed("uid-leak", 1, RulePhase.ARMED));
    arming.arm(policy, pod);

    when(sidecars.armedRules(pod.sidecarEndpoint()))
        .thenReturn(new ArmedRules(List.of(armed("uid-of-a-deleted-leak", 1, RulePhase.ARMED))));
    arming.arm(policy, pod);

    verify(sidecars, org.mockito.Mockito.times(2)).armRules(any(), any());
  }

  @Test
  void anUnavailableRuleIsNotArmedAndSaysWhy() throws Exception {
    when(sidecars.armedRules(pod.sidecarEndpoint())).thenReturn(new ArmedRules(List.of()));
    when(sidecars.armRules(any(), any()))
        .thenReturn(
            new ArmedPolicy(
                "leak",
                "uid-leak",
                1,
                true,
                List.of(
                    new RuleState(
                        "heap-high",
                        RulePhase.UNAVAILABLE,
                        null,
                        "hsperfdata is off (-XX:-UsePerfData)",
                        0,
                        null))));

    PolicyTargetStatus status = arming.arm(policy, pod);

    assertThat(status.getArmed()).isFalse();
    assertThat(status.getReason()).isEqualTo("RuleUnavailable");
    assertThat(status.getMessage()).isEqualTo("heap-high: hsperfdata is off (-XX:-UsePerfData)");
  }

  @Test
  void podsWithoutSidecarOrUnreachableOnesAreNotArmed() throws Exception {
    assertThat(arming.arm(policy, pod("plain-1", false)).getReason()).isEqualTo("NoSidecar");

    when(sidecars.armedRules(pod.sidecarEndpoint()))
        .thenThrow(new SidecarException(SidecarException.Kind.UNREACHABLE, "no answer", null));
    PolicyTargetStatus status = arming.arm(policy, pod);
    assertThat(status.getArmed()).isFalse();
    assertThat(status.getReason()).isEqualTo("SidecarUnreachable");
  }

  private static ArmedPolicy armed(String uid, long generation, RulePhase phase) {
    return new ArmedPolicy(
        "leak",
        uid,
        generation,
        true,
        List.of(new RuleState("heap-high", phase, 40.0, null, 0, null)));
  }
}
