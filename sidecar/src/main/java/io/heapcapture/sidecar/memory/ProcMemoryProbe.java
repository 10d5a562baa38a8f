package io.heapcapture.sidecar.memory;

import io.heapcapture.sidecar.api.Condition;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The sidecar's {@link MemoryProbe}: JVM heap and GC figures from the target's hsperfdata file,
 * container memory from its cgroup, resident set from {@code /proc}. Everything is read through
 * {@code /proc/<pid>}, which the sidecar reaches in a pod that shares its process namespace.
 */
public final class ProcMemoryProbe implements MemoryProbe {
  private static final String VM_START = "sun.rt.createVmBeginTime";

  private final HsperfdataLocator locator;
  private final CgroupMemory cgroups;
  private final ProcessRss rss;
  private final LongSupplier nanoClock;
  private final Map<Long, JvmWatch> jvms = new HashMap<>();

  /** A probe of the {@code /proc} tree at {@code procRoot} (normally {@code /proc}). */
  public ProcMemoryProbe(Path procRoot) {
    this(procRoot, System::nanoTime);
  }

  /**
   * A probe of the {@code /proc} tree at {@code procRoot}, timing GC windows with {@code
   * nanoClock}.
   */
  ProcMemoryProbe(Path procRoot, LongSupplier nanoClock) {
    this.locator = new HsperfdataLocator(procRoot);
    this.cgroups = new CgroupMemory(procRoot);
    this.rss = new ProcessRss(procRoot);
    this.nanoClock = nanoClock;
  }

  @Override
  public synchronized Reading read(Condition condition, long pid) {
    try {
      return Reading.of(value(condition, pid));
    } catch (UnavailableException e) {
      return Reading.unavailable(e.getMessage());
    }
  }

  @Override
  public synchronized void forget(long pid) {
    jvms.remove(pid);
    cgroups.forget(pid);
  }

  private double value(Condition condition, long pid) throws UnavailableException {
    return switch (condition) {
      case HEAP_USED_PERCENT -> heapUsedPercent(sample(pid).counters);
      case OLD_GEN_AFTER_GC_PERCENT -> {
        JvmWatch jvm = sample(pid);
        yield jvm.oldGen.update(jvm.counters);
      }
      case GC_TIME_PERCENT -> {
        JvmWatch jvm = sample(pid);
        yield jvm.gcTime.update(jvm.counters, nanoClock.getAsLong());
      }
      case CONTAINER_MEMORY_PERCENT -> cgroups.workingSetPercent(pid);
      case PROCESS_RSS_BYTES -> rss.bytes(pid);
    };
  }

  private static double heapUsedPercent(PerfCounters counters) throws UnavailableException {
    long max = JvmHeap.max(counters);
    if (max <= 0) {
      throw new UnavailableException("heap unavailable: no generation counters in hsperfdata");
    }
    return 100.0 * JvmHeap.used(counters) / max;
  }

  /** Reads the JVM's hsperfdata now: its watch, with the fresh counters. */
  private JvmWatch sample(long pid) throws UnavailableException {
    JvmWatch watch = jvms.get(pid);
    if (watch == null) {
      watch = new JvmWatch(new HsperfdataFile(locator.locate(pid)));
      jvms.put(pid, watch);
    }
    try {
      PerfCounters counters = watch.file.sample();
      watch.counters = counters;
      long vmStart = counters.longValue(VM_START);
      if (vmStart != watch.vmStart) {
        // Another JVM under the same pid (or the first sample): its history is not this one's.
        watch.restart(vmStart);
      }
      return watch;
    } catch (NoSuchFileException e) {
      jvms.remove(pid);
      locator.locate(pid); // says why, when the JVM is gone or stopped publishing
      throw new UnavailableException("hsperfdata unavailable: " + e.getFile() + " was replaced");
    } catch (IOException e) {
      jvms.remove(pid);
      throw new UnavailableException(
          "hsperfdata unavailable: cannot read " + watch.file.path() + ": " + e);
    } catch (PerfDataFormatException e) {
      throw new UnavailableException("hsperfdata unavailable: " + e.getMessage());
    }
  }

  /** What the probe keeps for one JVM between samples. */
  private static final class JvmWatch {
    final HsperfdataFile file;
    PerfCounters counters;
    long vmStart = PerfCounters.ABSENT;
    GcTimeWindow gcTime = new GcTimeWindow();
    OldGenAfterGc oldGen = new OldGenAfterGc();

    JvmWatch(HsperfdataFile file) {
      this.file = file;
    }

    void restart(long vmStart) {
      this.vmStart = vmStart;
      gcTime = new GcTimeWindow();
      oldGen = new OldGenAfterGc();
    }
  }
}
