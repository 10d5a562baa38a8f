package io.heapcapture.sidecar.memory;

/**
 * The share of wall time one JVM spent collecting since the previous sample. The first sample has
 * no previous one and reports the JVM's lifetime average, so a rule has a value at once.
 */
final class GcTimeWindow {
  // Two rules on the same JVM read it back to back: a window this short would be mostly noise, so
  // the previous value stands until the window is long enough.
  private static final long MIN_WINDOW_NANOS = 200_000_000L;

  private long lastTicks = PerfCounters.ABSENT;
  private long lastNanos;
  private double percent;

  /** The GC time percentage for a sample of {@code counters} taken at {@code nowNanos}. */
  double update(PerfCounters counters, long nowNanos) throws UnavailableException {
    long frequency = counters.longValue(JvmHeap.HRT_FREQUENCY);
    if (frequency <= 0) {
      throw new UnavailableException("GC time unavailable: no sun.os.hrt.frequency in hsperfdata");
    }
    long ticks = JvmHeap.collectionTicks(counters);
    if (lastTicks == PerfCounters.ABSENT || ticks < lastTicks) {
      long uptime = counters.longValue(JvmHeap.HRT_TICKS);
      percent = uptime > 0 ? clamp(100.0 * ticks / uptime) : 0;
    } else if (nowNanos - lastNanos < MIN_WINDOW_NANOS) {
      return percent;
    } else {
      double gcNanos = (ticks - lastTicks) * 1e9 / frequency;
      percent = clamp(100.0 * gcNanos / (nowNanos - lastNanos));
    }
    lastTicks = ticks;
    lastNanos = nowNanos;
    return percent;
  }

  // The JVM stamps pause times with its clock and we divide by ours: a few percent of skew.
  private static double clamp(double value) {
    return Math.max(0, Math.min(100, value));
  }
}
