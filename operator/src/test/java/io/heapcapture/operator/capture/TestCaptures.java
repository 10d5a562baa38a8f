package io.heapcapture.operator.capture;

import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.heapcapture.api.v1alpha1.HeapCapture;
import io.heapcapture.api.v1alpha1.HeapCaptureSpec;
import io.heapcapture.api.v1alpha1.StorageSpec;
import io.heapcapture.api.v1alpha1.TargetPhase;
import io.heapcapture.api.v1alpha1.TargetSpec;
import io.heapcapture.api.v1alpha1.TargetStatus;

/** HeapCaptures and their targets as the API server would hand them over (defaults applied). */
public final class TestCaptures {
  public static final String NAME = "orders-leak";
  public static final String UID = "cap-uid-1";
  public static final String BUCKET = "dumps";
  public static final String PREFIX = "prod";

  private TestCaptures() {}

  /** Captures pods labelled app=orders in {@link TestPods#NAMESPACE}. */
  public static HeapCapture bySelector() {
    TargetSpec target = new TargetSpec();
    target.setSelector(new LabelSelectorBuilder().addToMatchLabels("app", "orders").build());
    return capture(target);
  }

  public static HeapCapture byPodName(String podName) {
    TargetSpec target = new TargetSpec();
    target.setPodName(podName);
    return capture(target);
  }

  private static HeapCapture capture(TargetSpec target) {
    StorageSpec storage = new StorageSpec();
    storage.setBucket(BUCKET);
    storage.setPrefix(PREFIX);
    HeapCaptureSpec spec = new HeapCaptureSpec();
    spec.setTarget(target);
    spec.setStorage(storage);
    HeapCapture capture = new HeapCapture();
    capture.setMetadata(
        new ObjectMetaBuilder()
            .withName(NAME)
            .withNamespace(TestPods.NAMESPACE)
            .withUid(UID)
            .withGeneration(1L)
            .build());
    capture.setSpec(spec);
    return capture;
  }

  /** A planned target of pod {@code pod} (uid {@code "uid-" + pod}), container "app". */
  public static TargetStatus target(String id, String pod, TargetPhase phase) {
    TargetStatus target = new TargetStatus();
    target.setId(id);
    target.setPod(pod);
    target.setPodUid("uid-" + pod);
    target.setContainer("app");
    target.setTrigger("OnDemand");
    target.setPhase(phase);
    return target;
  }
}
