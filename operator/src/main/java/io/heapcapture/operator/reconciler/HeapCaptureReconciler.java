package io.heapcapture.operator.reconciler;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.heapcapture.api.v1alpha1.HeapCapture;
import io.heapcapture.api.v1alpha1.HeapCaptureStatus;
import io.heapcapture.operator.capture.CaptureProgress;
import io.heapcapture.operator.capture.CaptureRun;
import io.heapcapture.operator.status.CaptureEvents;
import io.heapcapture.operator.status.CaptureStatusFactory;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.util.Objects;

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
    CaptureProgress progress = run.advance(capture);
    HeapCaptureStatus status = statuses.statusFor(capture, progress);
    events.announceChanges(capture, capture.getStatus(), status);

    UpdateControl<HeapCapture> control =
        unchanged(capture.getStatus(), status)
            ? UpdateControl.noUpdate()
            : UpdateControl.patchStatus(statusPatch(capture, status));
    progress.recheckAfter().ifPresent(control::rescheduleAfter);
    return control;
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
