package io.heapcapture.operator.policy;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.heapcapture.api.v1alpha1.CaptureKind;
import io.heapcapture.api.v1alpha1.CaptureMode;
import io.heapcapture.api.v1alpha1.CaptureSource;
import io.heapcapture.api.v1alpha1.CaptureSpec;
import io.heapcapture.api.v1alpha1.HeapCapture;
import io.heapcapture.api.v1alpha1.HeapCapturePolicy;
import io.heapcapture.api.v1alpha1.HeapCapturePolicySpec;
import io.heapcapture.api.v1alpha1.HeapCaptureSpec;
import io.heapcapture.api.v1alpha1.TargetSpec;
import io.heapcapture.operator.capture.TargetPod;
import io.heapcapture.sidecar.api.CaptureState;
import java.time.Instant;
import java.util.Map;

/**
 * The HeapCaptures a policy creates: its target, capture, storage, analysis and limits, owned by
 * the policy (controller) and labelled with it and the trigger that fired.
 */
public final class CaptureTemplate {
  private CaptureTemplate() {}

  /** A capture of the policy's targets for a schedule run. */
  public static HeapCapture scheduled(HeapCapturePolicy policy, String trigger, Instant run) {
    HeapCaptureSpec spec = specOf(policy.getSpec());
    return capture(policy, trigger, CaptureNames.scheduled(name(policy), trigger, run), spec);
  }

  /** A capture that adopts a dump the sidecar of {@code pod} took by itself. */
  public static HeapCapture adopting(
      HeapCapturePolicy policy, String trigger, TargetPod pod, CaptureState dump) {
    HeapCaptureSpec spec = specOf(policy.getSpec());
    TargetSpec target = spec.getTarget();
    target.setSelector(null);
    target.setPodName(pod.name());
    target.setMode(CaptureMode.Sidecar);
    if (dump.kind() != null) {
      CaptureSpec capture = new CaptureSpec();
      capture.setKind(kindOf(dump.kind()));
      spec.setCapture(capture);
    }
    CaptureSource source = new CaptureSource();
    source.setPod(pod.name());
    source.setPodUid(pod.uid());
    source.setSidecarCapture(dump.id());
    spec.setSource(source);
    return capture(
        policy, trigger, CaptureNames.adopted(name(policy), trigger, pod.uid(), dump.id()), spec);
  }

  private static HeapCapture capture(
      HeapCapturePolicy policy, String trigger, String name, HeapCaptureSpec spec) {
    HeapCapture capture = new HeapCapture();
    capture.setMetadata(
        new ObjectMetaBuilder()
            .withName(name)
            .withNamespace(policy.getMetadata().getNamespace())
            .withLabels(
                Map.of(HeapCapture.POLICY_LABEL, name(policy), HeapCapture.TRIGGER_LABEL, trigger))
            .withOwnerReferences(
                new OwnerReferenceBuilder()
                    .withApiVersion(policy.getApiVersion())
                    .withKind(policy.getKind())
                    .withName(name(policy))
                    .withUid(policy.getMetadata().getUid())
                    .withController(true)
                    .withBlockOwnerDeletion(true)
                    .build())
            .build());
    capture.setSpec(spec);
    return capture;
  }

  /** A deep copy: the policy comes from the informer's cache and must not change. */
  private static HeapCaptureSpec specOf(HeapCapturePolicySpec policy) {
    HeapCaptureSpec spec = new HeapCaptureSpec();
    spec.setTarget(copy(policy.getTarget(), TargetSpec.class));
    if (policy.getCapture() != null) {
      spec.setCapture(copy(policy.getCapture(), CaptureSpec.class));
    }
    if (policy.getLimits() != null) {
      spec.setLimits(copy(policy.getLimits(), io.heapcapture.api.v1alpha1.LimitsSpec.class));
    }
    spec.setStorage(copy(policy.getStorage(), io.heapcapture.api.v1alpha1.StorageSpec.class));
    if (policy.getAnalysis() != null) {
      spec.setAnalysis(copy(policy.getAnalysis(), io.heapcapture.api.v1alpha1.AnalysisSpec.class));
    }
    return spec;
  }

  private static <T> T copy(T value, Class<T> type) {
    return Serialization.unmarshal(Serialization.asJson(value), type);
  }

  private static CaptureKind kindOf(io.heapcapture.sidecar.api.CaptureKind kind) {
    return switch (kind) {
      case HEAP_DUMP_LIVE -> CaptureKind.HeapDumpLive;
      case HEAP_DUMP_ALL -> CaptureKind.HeapDumpAll;
      case HEAP_SNAPSHOT -> CaptureKind.HeapSnapshot;
    };
  }

  private static String name(HeapCapturePolicy policy) {
    return policy.getMetadata().getName();
  }
}
