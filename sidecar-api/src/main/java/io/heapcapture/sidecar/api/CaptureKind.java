package io.heapcapture.sidecar.api;

/** What the sidecar asks the JVM to write. */
public enum CaptureKind {
  /** Heap dump of reachable objects only; the JVM runs a full GC first. */
  HEAP_DUMP_LIVE,
  /** Heap dump of every object, reachable or not; no GC first. */
  HEAP_DUMP_ALL,
  /**
   * A V8 heap snapshot of a Node.js process started with {@code --heapsnapshot-signal=SIGUSR2}: the
   * sidecar sends the signal and picks up the {@code .heapsnapshot} file.
   */
  HEAP_SNAPSHOT;

  /** True for the JVM's kinds. */
  public boolean isJvm() {
    return this != HEAP_SNAPSHOT;
  }
}
