package io.heapcapture.sidecar.api;

/** Where one capture stands inside the sidecar. */
public enum CapturePhase {
  /** The JVM is writing the dump. */
  DUMPING,
  /** The dump is on the dump volume, waiting for upload authorization. */
  DUMPED,
  /** The dump is being compressed and uploaded. */
  UPLOADING,
  /** Every part is stored; the operator completes the multipart upload. */
  UPLOADED,
  /** The capture ended without a stored dump; see the failure. */
  FAILED;

  public boolean isTerminal() {
    return this == UPLOADED || this == FAILED;
  }
}
