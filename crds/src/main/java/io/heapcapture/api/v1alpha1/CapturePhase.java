package io.heapcapture.api.v1alpha1;

/** Where a HeapCapture stands as a whole; shown by {@code kubectl get}. */
public enum CapturePhase {
  /** Accepted; waiting for target pods to be ready. */
  Pending,
  /** At least one target is being dumped or uploaded. */
  Capturing,
  /** Every planned target is stored. */
  Succeeded,
  /** The capture ended and at least one target is not stored. */
  Failed
}
