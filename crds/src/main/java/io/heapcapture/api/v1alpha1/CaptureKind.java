package io.heapcapture.api.v1alpha1;

/** What the JVM is asked to write. */
public enum CaptureKind {
  /** A heap dump of reachable objects only; the JVM runs a full GC first. */
  HeapDumpLive,
  /** A heap dump of every object, reachable or not, without a GC first. */
  HeapDumpAll
}
