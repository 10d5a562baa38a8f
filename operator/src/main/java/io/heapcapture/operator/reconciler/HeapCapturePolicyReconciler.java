package io.heapcapture.operator.reconciler;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.heapcapture.api.v1alpha1.HeapCapture;
import io.heapcapture.api.v1alpha1.HeapCapturePolicy;
import io.heapcapture.api.v1alpha1.HeapCapturePolicyStatus;
import io.heapcapture.operator.policy.PolicyRun;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.PrimaryUpdateAndCacheUtils;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.Mappers;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Reconciles HeapCapturePolicy: one {@link PolicyRun} pass, then the status. Its finalizer disarms
 * the sidecars and lets running captures finish when the policy is deleted.
 */
@ControllerConfiguration(name = HeapCapturePolicyReconciler.NAME)
public class HeapCapturePolicyReconciler
    implements Reconciler<HeapCapturePolicy>, Cleaner<HeapCapturePolicy> {
  public static final String NAME = "heapcapturepolicy";

  /** How long deletion waits for unreachable sidecars before it lets the policy go anyway. */
  static final Duration DISARM_GRACE = Duration.ofSeconds(60);

  private final PolicyRun run;
  private final Clock clock;

  public HeapCapturePolicyReconciler(PolicyRun run, Clock clock) {
    this.run = run;
    this.clock = clock;
  }

  @Override
  public UpdateControl<HeapCapturePolicy> reconcile(
      HeapCapturePolicy policy, Context<HeapCapturePolicy> context) {
    PolicyRun.Outcome outcome = run.advance(policy, owned(context));
    if (!unchanged(policy.getStatus(), outcome.status())) {
      // Cached at once: the next pass must see the recorded schedule runs, or it would compute
      // the same run again (harmless, by name, but a wasted create).
      PrimaryUpdateAndCacheUtils.ssaPatchStatusAndCacheResource(
          policy, statusPatch(policy, outcome.status()), context);
    }
    UpdateControl<HeapCapturePolicy> control = UpdateControl.noUpdate();
    outcome.recheckAfter().ifPresent(control::rescheduleAfter);
    return control;
  }

  @Override
  public DeleteControl cleanup(HeapCapturePolicy policy, Context<HeapCapturePolicy> context) {
    PolicyRun.Cleanup cleanup = run.cleanup(policy, owned(context));
    String deleting = policy.getMetadata().getDeletionTimestamp();
    boolean graceLeft =
        deleting != null && Instant.parse(deleting).plus(DISARM_GRACE).isAfter(Instant.now(clock));
    if (cleanup.sidecarsUnreachable() && graceLeft) {
      return DeleteControl.noFinalizerRemoval().rescheduleAfter(Duration.ofSeconds(5));
    }
    return DeleteControl.defaultDelete();
  }

  /** The policy's captures wake it when they change, so history limits apply at once. */
  @Override
  public List<EventSource<?, HeapCapturePolicy>> prepareEventSources(
      EventSourceContext<HeapCapturePolicy> context) {
    InformerEventSourceConfiguration<HeapCapture> captures =
        InformerEventSourceConfiguration.from(HeapCapture.class, HeapCapturePolicy.class)
            .withLabelSelector(HeapCapture.POLICY_LABEL)
            .withSecondaryToPrimaryMapper(Mappers.fromOwnerReferences(HeapCapturePolicy.class))
            .withNamespacesInheritedFromController()
            .build();
    return List.of(new InformerEventSource<>(captures, context));
  }

  private static List<HeapCapture> owned(Context<HeapCapturePolicy> context) {
    return context.getSecondaryResourcesAsStream(HeapCapture.class).toList();
  }

  /** A fresh object with only the identity and the status: never write back the whole resource. */
  private static HeapCapturePolicy statusPatch(
      HeapCapturePolicy policy, HeapCapturePolicyStatus status) {
    HeapCapturePolicy patch = new HeapCapturePolicy();
    patch.setMetadata(
        new ObjectMetaBuilder()
            .withName(policy.getMetadata().getName())
            .withNamespace(policy.getMetadata().getNamespace())
            .build());
    patch.setStatus(status);
    return patch;
  }

  private static boolean unchanged(HeapCapturePolicyStatus before, HeapCapturePolicyStatus after) {
    return before != null
        && Objects.equals(Serialization.asJson(before), Serialization.asJson(after));
  }
}
