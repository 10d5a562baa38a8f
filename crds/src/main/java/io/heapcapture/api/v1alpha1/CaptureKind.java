package io.heapcapture.api.v1alpha1;

/** What the target process is asked to write. */
public enum CaptureKind {
  /** A heap dump of reachable objects only; the JVM runs a full GC first. */
  HeapDumpLive,
  /** A heap dump of every object, reachable or not, without a GC first. */
  HeapDumpAll,
  /** A V8 heap snapshot of a Node.js process started with --heapsnapshot-signal=SIGUSR2. */
  HeapSnapshot
}
