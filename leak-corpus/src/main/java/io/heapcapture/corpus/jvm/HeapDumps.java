package io.heapcapture.corpus.jvm;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/** What every corpus program does the same way: dump its heap, name its threads, stop its pools. */
public final class HeapDumps {
  private HeapDumps() {}

  /** Dumps the live objects to {@code path}, as the program contract says, and prints its size. */
  public static void dump(String path) throws IOException {
    long start = System.nanoTime();
    ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class).dumpHeap(path, true);
    Runtime rt = Runtime.getRuntime();
    System.out.printf(
        "dumped %s: %.1f MiB in %.1f s (heap used %.1f MiB)%n",
        path,
        Files.size(Path.of(path)) / 1048576.0,
        (System.nanoTime() - start) / 1e9,
        (rt.totalMemory() - rt.freeMemory()) / 1048576.0);
  }

  /**
   * The two dumps of the program contract: after {@code warmUpMillis} of work the baseline into
   * {@code args[0]}, after {@code laterMillis} more the later dump into {@code args[1]}, each
   * preceded by a line with {@code what} and its {@code count} at that moment.
   */
  public static void baselineAndLater(
      String[] args, long warmUpMillis, long laterMillis, String what, LongSupplier count)
      throws IOException, InterruptedException {
    pause(warmUpMillis);
    System.out.println(what + " at baseline: " + count.getAsLong());
    dump(args[0]);
    pause(laterMillis);
    System.out.println(what + " later: " + count.getAsLong());
    dump(args[1]);
  }

  /** Sleeps, as a program's main thread does while its pools work. */
  public static void pause(long millis) throws InterruptedException {
    Thread.sleep(millis);
  }

  /** A thread factory naming threads {@code prefix-1}, {@code prefix-2}, … */
  public static ThreadFactory named(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  /** Stops pools the way an application's shutdown hook does. */
  public static void shutdown(ExecutorService... pools) throws InterruptedException {
    for (ExecutorService pool : pools) {
      pool.shutdownNow();
    }
    for (ExecutorService pool : pools) {
      pool.awaitTermination(5, TimeUnit.SECONDS);
    }
  }
}
