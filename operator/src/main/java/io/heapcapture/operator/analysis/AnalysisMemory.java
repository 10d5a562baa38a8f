package io.heapcapture.operator.analysis;

/**
 * The memory limit of an analyzer Job, sized from the raw (uncompressed) sizes of the dump and its
 * baseline. The analyzer loads one dump's object graph at a time, so the larger dump decides.
 *
 * <p>The rule comes from measurement (docs/benchmarks.md): the analyzer's peak resident memory is
 * about {@link #FIXED_BYTES} plus {@link #PER_RAW_BYTE} times the raw dump size. The JVM in the Job
 * gets {@link #HEAP_SHARE_PERCENT}% of the limit as heap, so the limit leaves room for the rest.
 */
public final class AnalysisMemory {
  static final long MIB = 1024L * 1024;
  static final long FIXED_BYTES = 256 * MIB;
  static final double PER_RAW_BYTE = 2.0;
  static final int HEAP_SHARE_PERCENT = 75;
  static final long MIN_BYTES = 512 * MIB;
  static final long STEP_BYTES = 256 * MIB;

  private AnalysisMemory() {}

  /** A Kubernetes quantity such as {@code 1536Mi}. */
  public static String limitFor(long rawBytes, long baselineRawBytes) {
    long largest = Math.max(Math.max(rawBytes, baselineRawBytes), 0);
    double needed = FIXED_BYTES + PER_RAW_BYTE * largest;
    long limit = (long) Math.ceil(needed * 100 / HEAP_SHARE_PERCENT);
    limit = Math.max(MIN_BYTES, roundUp(limit, STEP_BYTES));
    return limit / MIB + "Mi";
  }

  private static long roundUp(long value, long step) {
    return (value + step - 1) / step * step;
  }
}
