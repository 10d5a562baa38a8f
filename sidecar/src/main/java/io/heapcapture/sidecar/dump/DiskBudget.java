package io.heapcapture.sidecar.dump;

import io.heapcapture.sidecar.CaptureException;
import io.heapcapture.sidecar.api.FailureReason;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Refuses a dump that would not fit in the dump volume. */
public final class DiskBudget {
  /** The jcmd command line whose output {@link #heapBytes} reads. */
  public static final String HEAP_INFO = "GC.heap_info";

  // G1 prints one "total" line for the heap, Serial and Parallel one per generation; sizes in KB.
  private static final Pattern TOTAL = Pattern.compile("\\btotal (\\d+)K, used \\d+K");

  private DiskBudget() {}

  /**
   * The heap's committed size from {@code GC.heap_info} output: an upper bound of what a dump
   * writes. Empty for collectors that print another format (ZGC, Shenandoah).
   */
  public static OptionalLong heapBytes(String heapInfoOutput) {
    Matcher matcher = TOTAL.matcher(heapInfoOutput);
    long kilobytes = 0;
    boolean found = false;
    while (matcher.find()) {
      kilobytes += Long.parseLong(matcher.group(1));
      found = true;
    }
    return found ? OptionalLong.of(kilobytes * 1024) : OptionalLong.empty();
  }

  /** Throws INSUFFICIENT_DISK when {@code dir} has less usable space than {@code neededBytes}. */
  public static void require(Path dir, long neededBytes) throws CaptureException {
    long usable;
    try {
      usable = Files.getFileStore(dir).getUsableSpace();
    } catch (IOException e) {
      throw new CaptureException(
          FailureReason.INTERNAL, "cannot read the free space of " + dir + ": " + e, e);
    }
    if (usable < neededBytes) {
      throw new CaptureException(
          FailureReason.INSUFFICIENT_DISK,
          dir
              + " has "
              + usable
              + " bytes free but the heap may need "
              + neededBytes
              + " bytes; enlarge the dump volume");
    }
  }

  /**
   * Throws INSUFFICIENT_DISK when the dumps waiting for upload ({@code pendingBytes}) and a new one
   * of about {@code expectedBytes} would not fit in {@code budgetBytes} (the dump volume's size
   * limit; 0: no limit but the free space).
   */
  public static void requireWithin(long budgetBytes, long pendingBytes, long expectedBytes)
      throws CaptureException {
    if (budgetBytes > 0
        && (pendingBytes >= budgetBytes || pendingBytes + expectedBytes > budgetBytes)) {
      throw new CaptureException(
          FailureReason.INSUFFICIENT_DISK,
          "the dumps waiting for upload ("
              + pendingBytes
              + " bytes) and the next one (about "
              + expectedBytes
              + " bytes) exceed the disk budget of "
              + budgetBytes
              + " bytes");
    }
  }
}
