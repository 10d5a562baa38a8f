package io.heapcapture.sidecar.memory;

/**
 * Old-generation occupancy as of the last collection: taken at the first sample after a collector's
 * invocation count moved, and held until it moves again. Sampled within about a second of the
 * collection, the value is what survived it: between collections new objects go to the young
 * generation, not the old.
 */
final class OldGenAfterGc {
  private long lastCollections = PerfCounters.ABSENT;
  private double percent = Double.NaN;

  /** The old generation's occupancy after the last collection seen, percent of its maximum. */
  double update(PerfCounters counters) throws UnavailableException {
    int old = JvmHeap.oldGeneration(counters);
    if (old < 0) {
      throw new UnavailableException(
          "old generation unavailable: this JVM's collector shows the heap as one generation"
              + " (Shenandoah, single-generation ZGC); watch heapUsedPercent instead");
    }
    long collections = JvmHeap.collections(counters);
    if (lastCollections != PerfCounters.ABSENT && collections != lastCollections) {
      long max = JvmHeap.max(counters, old);
      percent = max > 0 ? 100.0 * JvmHeap.used(counters, old) / max : Double.NaN;
    }
    lastCollections = collections;
    if (Double.isNaN(percent)) {
      throw new UnavailableException(
          "old generation after GC: no collection seen yet since sampling began");
    }
    return percent;
  }
}
