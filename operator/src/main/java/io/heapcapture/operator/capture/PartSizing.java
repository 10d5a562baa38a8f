package io.heapcapture.operator.capture;

/**
 * How to cut a dump into multipart parts. S3 allows 10,000 parts of 5 MiB to 5 GiB; the sidecar
 * compresses as it streams, so the stored size is unknown in advance but, for HPROF, well below the
 * raw size. We authorize enough parts for the raw size plus a margin.
 */
public record PartSizing(long partSize, int parts) {
  static final long DEFAULT_PART_SIZE = 16L * 1024 * 1024;
  static final int MAX_PARTS = 10_000;
  private static final int PLANNED_PARTS = 9_000;

  public static PartSizing forRawBytes(long rawBytes) {
    long worstCase = rawBytes + rawBytes / 64 + 1024 * 1024;
    long partSize = Math.max(DEFAULT_PART_SIZE, ceilDiv(worstCase, PLANNED_PARTS));
    int parts = (int) Math.min(MAX_PARTS, ceilDiv(worstCase, partSize) + 1);
    return new PartSizing(partSize, parts);
  }

  private static long ceilDiv(long a, long b) {
    return (a + b - 1) / b;
  }
}
