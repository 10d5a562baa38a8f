package io.heapcapture.benchmarks.triggers;

import java.util.ArrayList;
import java.util.List;

/**
 * The target of the trigger benchmark: a JVM whose heap grows at a steady rate and keeps everything
 * it allocates, so its heap use only rises and a threshold, once crossed, stays crossed. Usage:
 * {@code SteadyLeak <KiB per second>}; 0 idles. Prints {@code ready} once running.
 */
public final class SteadyLeak {
  // 16 KiB arrays: far below a G1 region, so none is humongous and all of them age like any object.
  private static final int CHUNK = 16 * 1024;
  private static final List<byte[]> KEPT = new ArrayList<>();

  private SteadyLeak() {}

  public static void main(String[] args) throws InterruptedException {
    long kibPerSecond = Long.parseLong(args[0]);
    System.out.println("ready");
    System.out.flush();
    if (kibPerSecond == 0) {
      Thread.sleep(Long.MAX_VALUE);
    }
    long start = System.nanoTime();
    long kept = 0;
    while (true) {
      long due = (System.nanoTime() - start) / 1_000_000 * kibPerSecond * 1024 / 1000;
      while (kept < due) {
        KEPT.add(new byte[CHUNK]);
        kept += CHUNK;
      }
      Thread.sleep(10);
    }
  }
}
