package io.heapcapture.operator.analysis;

/**
 * The memory limit of an analyzer Job, sized from the raw (uncompressed) sizes of the dump and its
 * baseline. The analyzer loads one dump's object graph at a time, so the larger dump decides.
 *
 * <p>The rule comes from measurement (docs/benchmarks.md, dumps of 256 MiB and 1 GiB): the smallest
 * heap the analysis works in is about 80 MiB + 0.86 × the dump, and its peak resident memory with a
 * large heap about 204 MiB + 0.95 × the dump. The limit is {@link #BASE_BYTES} + {@link
 * #PER_RAW_BYTE} × the dump; the JVM takes {@link #HEAP_SHARE_PERCENT}% of it as heap, 288 MiB +
 * 1.125 × the dump, which leaves room for dumps of smaller objects than those measured (the
 * analyzer's memory follows objects and references, not bytes).
 */
public final class AnalysisMemory {
  static final long MIB = 1024L * 1024;
  static final long BASE_BYTES = 384 * MIB;
  static final double PER_RAW_BYTE = 1.5;
  static final int HEAP_SHARE_PERCENT = 75;
  static final long MIN_BYTES = 512 * MIB;
  static final long STEP_BYTES = 256 * MIB;

  private AnalysisMemory() {}

  /** A Kubernetes quantity such as {@code 1536Mi}. */
  public static String limitFor(long rawBytes, long baselineRawBytes) {
    long largest = Math.max(Math.max(rawBytes, baselineRawBytes), 0);
    long limit = (long) Math.ceil(BASE_BYTES + PER_RAW_BYTE * largest);
    limit = Math.max(MIN_BYTES, roundUp(limit, STEP_BYTES));
    return limit / MIB + "Mi";
  }

  private static long roundUp(long value, long step) {
    return (value + step - 1) / step * step;
  }
}
