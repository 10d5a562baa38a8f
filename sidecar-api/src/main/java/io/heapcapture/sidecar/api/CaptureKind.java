package io.heapcapture.sidecar.api;

/** What the sidecar asks the JVM to write. */
public enum CaptureKind {
  /** Heap dump of reachable objects only; the JVM runs a full GC first. */
  HEAP_DUMP_LIVE,
  /** Heap dump of every object, reachable or not; no GC first. */
  HEAP_DUMP_ALL
}
