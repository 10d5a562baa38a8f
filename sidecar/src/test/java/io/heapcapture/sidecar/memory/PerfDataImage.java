package io.heapcapture.sidecar.memory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes PerfData regions laid out as HotSpot lays them out (prologue, then entries with a
 * NUL-terminated name, padding and an aligned value), so tests can describe a JVM's counters.
 */
final class PerfDataImage {
  private final Map<String, Object> counters = new LinkedHashMap<>();
  private ByteOrder order = ByteOrder.LITTLE_ENDIAN;
  private boolean accessible = true;
  private int majorVersion = 2;

  /** A JVM with the counters every HotSpot JVM publishes, started at {@code vmStart}. */
  static PerfDataImage jvm(long vmStart) {
    return new PerfDataImage()
        .set("sun.rt.createVmBeginTime", vmStart)
        .set(JvmHeap.HRT_FREQUENCY, 1_000_000_000L)
        .set(JvmHeap.HRT_TICKS, 10_000_000_000L);
  }

  /** G1 as JDK 17-25 publish it: both generations claim the whole heap as their maximum. */
  static PerfDataImage g1(long maxHeap, long eden, long survivor, long old) {
    return jvm(1)
        .set("sun.gc.policy.name", "GarbageFirst")
        .set("sun.gc.generation.0.name", "young")
        .set("sun.gc.generation.0.maxCapacity", maxHeap + 24)
        .set("sun.gc.generation.0.space.0.used", eden)
        .set("sun.gc.generation.0.space.1.used", 0L)
        .set("sun.gc.generation.0.space.2.used", survivor)
        .set("sun.gc.generation.1.name", "old")
        .set("sun.gc.generation.1.maxCapacity", maxHeap + 8)
        .set("sun.gc.generation.1.space.0.used", old)
        .set("sun.gc.collector.0.invocations", 0L)
        .set("sun.gc.collector.0.time", 0L)
        .set("sun.gc.collector.1.invocations", 0L)
        .set("sun.gc.collector.1.time", 0L)
        .set("sun.gc.collector.2.invocations", 0L)
        .set("sun.gc.collector.2.time", 0L);
  }

  /** Parallel (Serial alike): generations of fixed maximum that add up to the heap. */
  static PerfDataImage parallel(long youngMax, long oldMax, long eden, long old) {
    return jvm(1)
        .set("sun.gc.policy.name", "ParScav:MSC")
        .set("sun.gc.generation.0.name", "new")
        .set("sun.gc.generation.0.maxCapacity", youngMax)
        .set("sun.gc.generation.0.space.0.used", eden)
        .set("sun.gc.generation.1.name", "old")
        .set("sun.gc.generation.1.maxCapacity", oldMax)
        .set("sun.gc.generation.1.space.0.used", old)
        .set("sun.gc.collector.0.invocations", 0L)
        .set("sun.gc.collector.0.time", 0L)
        .set("sun.gc.collector.1.invocations", 0L)
        .set("sun.gc.collector.1.time", 0L);
  }

  /** Shenandoah (JDK 17-25, any mode): an empty "Young" and the whole heap as "Heap". */
  static PerfDataImage shenandoah(long maxHeap, long used) {
    return jvm(1)
        .set("sun.gc.generation.0.name", "Young")
        .set("sun.gc.generation.0.maxCapacity", 0L)
        .set("sun.gc.generation.1.name", "Heap")
        .set("sun.gc.generation.1.maxCapacity", maxHeap)
        .set("sun.gc.generation.1.space.0.used", used)
        .set("sun.gc.collector.0.invocations", 0L)
        .set("sun.gc.collector.0.time", 0L)
        .set("sun.gc.collector.1.invocations", 0L)
        .set("sun.gc.collector.1.time", 0L);
  }

  /** Sets a long counter (added at the end when new). */
  PerfDataImage set(String name, long value) {
    counters.put(name, value);
    return this;
  }

  /** Sets a string counter (added at the end when new). */
  PerfDataImage set(String name, String value) {
    counters.put(name, value);
    return this;
  }

  PerfDataImage order(ByteOrder order) {
    this.order = order;
    return this;
  }

  PerfDataImage accessible(boolean accessible) {
    this.accessible = accessible;
    return this;
  }

  PerfDataImage majorVersion(int majorVersion) {
    this.majorVersion = majorVersion;
    return this;
  }

  /** The region as the JVM would map it, padded to {@code size} bytes. */
  byte[] bytes(int size) {
    ByteBuffer region = ByteBuffer.allocate(size).order(order);
    List<byte[]> entries = new ArrayList<>();
    for (Map.Entry<String, Object> counter : counters.entrySet()) {
      entries.add(entry(counter.getKey(), counter.getValue()));
    }
    region.order(ByteOrder.BIG_ENDIAN).putInt(0, PerfDataHeader.MAGIC).order(order);
    region.put(4, (byte) (order == ByteOrder.BIG_ENDIAN ? 0 : 1));
    region.put(5, (byte) majorVersion);
    region.put(6, (byte) 0);
    region.put(7, (byte) (accessible ? 1 : 0));
    int offset = PerfDataHeader.SIZE;
    region.putInt(24, offset);
    region.putInt(28, entries.size());
    for (byte[] entry : entries) {
      region.put(offset, entry);
      offset += entry.length;
    }
    region.putInt(8, offset);
    return region.array();
  }

  /** Writes the region to {@code file}, replacing it in place as the JVM's updates do. */
  Path write(Path file) throws IOException {
    Files.createDirectories(file.getParent());
    Files.write(file, bytes(4096));
    return file;
  }

  private byte[] entry(String name, Object value) {
    byte[] nameBytes = (name + "\0").getBytes(StandardCharsets.US_ASCII);
    boolean isLong = value instanceof Long;
    byte[] data = isLong ? new byte[8] : (value + "\0").getBytes(StandardCharsets.UTF_8);
    int nameOffset = 20;
    int dataOffset = align(nameOffset + nameBytes.length, isLong ? 8 : 1);
    int length = align(dataOffset + data.length, 8);
    ByteBuffer entry = ByteBuffer.allocate(length).order(order);
    entry.putInt(0, length);
    entry.putInt(4, nameOffset);
    entry.putInt(8, isLong ? 0 : data.length);
    entry.put(12, (byte) (isLong ? 'J' : 'B'));
    entry.put(13, (byte) 0);
    entry.put(14, (byte) (isLong ? 1 : PerfEntry.UNITS_STRING));
    entry.put(15, (byte) (isLong ? 3 : 1));
    entry.putInt(16, dataOffset);
    entry.put(nameOffset, nameBytes);
    if (isLong) {
      entry.putLong(dataOffset, (Long) value);
    } else {
      entry.put(dataOffset, data);
    }
    return entry.array();
  }

  private static int align(int value, int alignment) {
    return (value + alignment - 1) / alignment * alignment;
  }
}
