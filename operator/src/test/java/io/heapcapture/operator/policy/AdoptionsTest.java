package io.heapcapture.operator.policy;

import static io.heapcapture.operator.policy.PolicyFixtures.heapAbove;
import static io.heapcapture.operator.policy.PolicyFixtures.outOfMemory;
import static io.heapcapture.operator.policy.PolicyFixtures.pod;
import static io.heapcapture.operator.policy.PolicyFixtures.policy;
import static org.assertj.core.api.Assertions.assertThat;

import io.heapcapture.api.v1alpha1.HeapCapturePolicy;
import io.heapcapture.operator.capture.TargetPod;
import io.heapcapture.sidecar.api.CaptureKind;
import io.heapcapture.sidecar.api.CaptureOrigin;
import io.heapcapture.sidecar.api.CapturePhase;
import io.heapcapture.sidecar.api.CaptureState;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AdoptionsTest {
  private final TargetPod pod = pod("orders-1", true);

  @Test
  void adoptsItsOwnRuleDumpsAndOutOfMemoryDumpsOnce() {
    HeapCapturePolicy policy = policy("leak", heapAbove("heap-high", 85), outOfMemory("oom"));
    List<CaptureState> held =
        List.of(
            local("r-1", CapturePhase.DUMPED, CaptureOrigin.RULE, "leak", "heap-high"),
            local("oom-1", CapturePhase.DUMPED, CaptureOrigin.OUT_OF_MEMORY, null, null),
            local("r-other", CapturePhase.DUMPED, CaptureOrigin.RULE, "other", "heap-high"),
            local("oom-other", CapturePhase.DUMPED, CaptureOrigin.OUT_OF_MEMORY, "other", null),
            local("r-busy", CapturePhase.UPLOADING, CaptureOrigin.RULE, "leak", "heap-high"),
            local("r-done", CapturePhase.DUMPED, CaptureOrigin.RULE, "leak", "heap-high"),
            new CaptureState("hc-1", CapturePhase.DUMPED, 1L, null, null, null, 1L, null, null));

    List<Adoptions.Adoption> pending =
        Adoptions.pending(policy, pod, held, Set.of(Adoptions.key(pod.uid(), "r-done")));

    assertThat(pending)
        .extracting(a -> a.dump().id() + "@" + a.trigger())
        .containsExactly("r-1@heap-high", "oom-1@oom");
  }

  @Test
  void outOfMemoryDumpsNeedAnOutOfMemoryTrigger() {
    HeapCapturePolicy policy = policy("leak", heapAbove("heap-high", 85));

    assertThat(
            Adoptions.pending(
                policy,
                pod,
                List.of(
                    local("oom-1", CapturePhase.DUMPED, CaptureOrigin.OUT_OF_MEMORY, null, null)),
                Set.of()))
        .isEmpty();
  }

  @Test
  void theAdoptingCaptureTargetsThePodUnderTheSidecarsId() {
    HeapCapturePolicy policy = policy("leak", heapAbove("heap-high", 85));
    CaptureState dump =
        local("r-abc-heap-high", CapturePhase.DUMPED, CaptureOrigin.RULE, "leak", "heap-high");

    var capture = CaptureTemplate.adopting(policy, "heap-high", pod, dump);

    assertThat(capture.getSpec().getSource().getSidecarCapture()).isEqualTo("r-abc-heap-high");
    assertThat(capture.getSpec().getSource().getPodUid()).isEqualTo(pod.uid());
    assertThat(capture.getSpec().getTarget().getPodName()).isEqualTo("orders-1");
    assertThat(capture.getSpec().getTarget().getSelector()).isNull();
    assertThat(policy.getSpec().getTarget().getSelector())
        .as("the policy in the cache is not changed")
        .isNotNull();
    assertThat(capture.getMetadata().getLabels())
        .containsEntry("heapcapture.io/policy", "leak")
        .containsEntry("heapcapture.io/trigger", "heap-high");
    assertThat(capture.getMetadata().getOwnerReferences().get(0).getController()).isTrue();
    assertThat(capture.getMetadata().getName())
        .isEqualTo(
            CaptureTemplate.adopting(policy, "heap-high", pod, dump).getMetadata().getName());
  }

  @Test
  void aHeapSnapshotIsAdoptedAsOne() {
    HeapCapturePolicy policy = policy("node", heapAbove("rss", 85));
    CaptureState snapshot =
        new CaptureState(
            "r-x-rss",
            CapturePhase.DUMPED,
            7L,
            null,
            null,
            null,
            10L,
            null,
            null,
            CaptureOrigin.RULE,
            "node",
            "rss",
            CaptureKind.HEAP_SNAPSHOT);

    assertThat(
            CaptureTemplate.adopting(policy, "rss", pod, snapshot).getSpec().getCapture().getKind())
        .isEqualTo(io.heapcapture.api.v1alpha1.CaptureKind.HeapSnapshot);
  }

  private static CaptureState local(
      String id, CapturePhase phase, CaptureOrigin origin, String policy, String rule) {
    return new CaptureState(
        id,
        phase,
        7L,
        null,
        null,
        null,
        1000L,
        null,
        null,
        origin,
        policy,
        rule,
        CaptureKind.HEAP_DUMP_ALL);
  }
}
