package io.heapcapture.api.v1alpha1;

/** Where the capture of one pod stands. */
public enum TargetPhase {
  /** Planned; not yet asked of the sidecar (waiting for a concurrency slot). */
  Pending,
  /** The sidecar is asking the JVM for the dump. */
  Dumping,
  /** The dump is being compressed and uploaded. */
  Uploading,
  /** The dump is stored and verified. */
  Succeeded,
  /** The dump is not stored; see reason and message. */
  Failed;

  public boolean isTerminal() {
    return this == Succeeded || this == Failed;
  }
}
