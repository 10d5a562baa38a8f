package io.heapcapture.operator.reconciler;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.heapcapture.api.v1alpha1.HeapCapture;
import io.heapcapture.api.v1alpha1.HeapCaptureStatus;
import io.heapcapture.operator.analysis.AnalysisJobTemplate;
import io.heapcapture.operator.capture.CaptureProgress;
import io.heapcapture.operator.capture.CaptureRun;
import io.heapcapture.operator.status.CaptureEvents;
import io.heapcapture.operator.status.CaptureStatusFactory;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.PrimaryUpdateAndCacheUtils;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.Mappers;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/** Reconciles HeapCapture: one pass of the capture, then the status and its Events. */
@ControllerConfiguration(name = HeapCaptureReconciler.NAME)
public class HeapCaptureReconciler implements Reconciler<HeapCapture> {
  public static final String NAME = "heapcapture";

  private final CaptureRun run;
  private final CaptureStatusFactory statuses;
  private final CaptureEvents events;

  public HeapCaptureReconciler(
      CaptureRun run, CaptureStatusFactory statuses, CaptureEvents events) {
    this.run = run;
    this.statuses = statuses;
    this.events = events;
  }

  @Override
  public UpdateControl<HeapCapture> reconcile(HeapCapture capture, Context<HeapCapture> context) {
    CaptureProgress progress =
        run.advance(
            capture,
            context
                .getSecondaryResourcesAsStream(Job.class)
                .collect(Collectors.toMap(j -> j.getMetadata().getName(), j -> j, (a, b) -> a)));
    HeapCaptureStatus status = statuses.statusFor(capture, progress);
    events.announceChanges(capture, capture.getStatus(), status);

    if (!unchanged(capture.getStatus(), status)) {
      // Cached at once for the next pass: a Job event may start it before the informer has seen
      // this write, and a pass on the stale status would repeat a step (asking a sidecar about a
      // capture it has already discarded, for one).
      PrimaryUpdateAndCacheUtils.ssaPatchStatusAndCacheResource(
          capture, statusPatch(capture, status), context);
    }
    UpdateControl<HeapCapture> control = UpdateControl.noUpdate();
    progress.recheckAfter().ifPresent(control::rescheduleAfter);
    return control;
  }

  /**
   * Analyzer Jobs wake their capture when they change, so a finished Job's report is read at once
   * rather than at the next periodic recheck.
   */
  @Override
  public List<EventSource<?, HeapCapture>> prepareEventSources(
      EventSourceContext<HeapCapture> context) {
    InformerEventSourceConfiguration<Job> jobs =
        InformerEventSourceConfiguration.from(Job.class, HeapCapture.class)
            .withLabelSelector(AnalysisJobTemplate.MANAGED_SELECTOR)
            .withSecondaryToPrimaryMapper(Mappers.fromOwnerReferences(HeapCapture.class))
            .withNamespacesInheritedFromController()
            .build();
    return List.of(new InformerEventSource<>(jobs, context));
  }

  /** A fresh object with only the identity and the status: never write back the whole resource. */
  private static HeapCapture statusPatch(HeapCapture capture, HeapCaptureStatus status) {
    HeapCapture patch = new HeapCapture();
    patch.setMetadata(
        new ObjectMetaBuilder()
            .withName(capture.getMetadata().getName())
            .withNamespace(capture.getMetadata().getNamespace())
            .build());
    patch.setStatus(status);
    return patch;
  }

  private static boolean unchanged(HeapCaptureStatus before, HeapCaptureStatus after) {
    return before != null
        && Objects.equals(Serialization.asJson(before), Serialization.asJson(after));
  }
}
