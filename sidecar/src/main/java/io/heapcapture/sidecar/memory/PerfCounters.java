package io.heapcapture.sidecar.memory;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * The counters of one JVM's PerfData region, by name. The JVM only ever appends entries and never
 * moves one, so the names are indexed once and each sample reads values in place from the freshly
 * loaded region: no string or map is built per sample.
 */
final class PerfCounters {
  /** A value no counter of ours takes: the counter is absent. */
  static final long ABSENT = Long.MIN_VALUE;

  private static final int ENTRY_HEADER_SIZE = 20;
  private static final String VM_START = "sun.rt.createVmBeginTime";

  private final Map<String, PerfEntry> entries = new HashMap<>();
  private ByteBuffer region = ByteBuffer.allocate(0);
  private int indexedEntries;
  private int nextEntryOffset;
  private long vmStart = ABSENT;

  /**
   * Takes {@code region} (the file's bytes, {@code length} of them) as the current sample, indexing
   * entries added since the last one. Starts over when the region belongs to another JVM.
   */
  void load(ByteBuffer region, int length) throws PerfDataFormatException {
    PerfDataHeader header = PerfDataHeader.read(region, length);
    this.region = region;
    if (header.entries() < indexedEntries
        || (vmStart != ABSENT && longValue(VM_START) != vmStart)) {
      entries.clear();
      indexedEntries = 0;
      vmStart = ABSENT;
    }
    if (indexedEntries == 0) {
      nextEntryOffset = header.entryOffset();
    }
    int limit = header.used();
    while (indexedEntries < header.entries()) {
      nextEntryOffset = indexEntry(nextEntryOffset, limit);
      indexedEntries++;
    }
    if (vmStart == ABSENT) {
      vmStart = longValue(VM_START);
    }
  }

  /** The value of a scalar long counter, or {@link #ABSENT}. */
  long longValue(String name) {
    PerfEntry entry = entries.get(name);
    return entry == null || !entry.isLong() ? ABSENT : region.getLong(entry.dataOffset());
  }

  /** Whether the region has a counter of that name. */
  boolean has(String name) {
    return entries.containsKey(name);
  }

  /** Whether a string counter holds exactly {@code expected} (ASCII), compared in place. */
  boolean stringEquals(String name, String expected) {
    PerfEntry entry = entries.get(name);
    if (entry == null || !entry.isString() || entry.vectorLength() < expected.length()) {
      return false;
    }
    int at = entry.dataOffset();
    for (int i = 0; i < expected.length(); i++) {
      if (region.get(at + i) != expected.charAt(i)) {
        return false;
      }
    }
    return expected.length() == entry.vectorLength() || region.get(at + expected.length()) == 0;
  }

  /** The value of a string counter (a NUL-terminated byte vector), or null. Allocates. */
  String stringValue(String name) {
    PerfEntry entry = entries.get(name);
    if (entry == null || !entry.isString()) {
      return null;
    }
    int end = entry.dataOffset();
    int limit = entry.dataOffset() + entry.vectorLength();
    while (end < limit && region.get(end) != 0) {
      end++;
    }
    byte[] bytes = new byte[end - entry.dataOffset()];
    region.get(entry.dataOffset(), bytes);
    return new String(bytes, StandardCharsets.UTF_8);
  }

  /** Every counter, for diagnostics and tests. */
  Map<String, PerfEntry> entries() {
    return Map.copyOf(entries);
  }

  private int indexEntry(int start, int limit) throws PerfDataFormatException {
    if (start < 0 || start + ENTRY_HEADER_SIZE > limit) {
      throw new PerfDataFormatException("hsperfdata entry " + indexedEntries + " out of bounds");
    }
    int length = region.getInt(start);
    int nameOffset = region.getInt(start + 4);
    int vectorLength = region.getInt(start + 8);
    char type = (char) region.get(start + 12);
    int units = region.get(start + 14);
    int variability = region.get(start + 15);
    int dataOffset = region.getInt(start + 16);
    int valueSize = type == 'J' ? 8 : 1;
    if (length < ENTRY_HEADER_SIZE
        || start + length > limit
        || nameOffset < ENTRY_HEADER_SIZE
        || nameOffset >= length
        || dataOffset < 0
        || dataOffset + (long) Math.max(vectorLength, 1) * valueSize > length) {
      throw new PerfDataFormatException("corrupt hsperfdata entry at offset " + start);
    }
    PerfEntry entry =
        new PerfEntry(
            name(start + nameOffset, start + length),
            type,
            units,
            variability,
            vectorLength,
            start + dataOffset);
    entries.put(entry.name(), entry);
    return start + length;
  }

  private String name(int from, int limit) {
    int end = from;
    while (end < limit && region.get(end) != 0) {
      end++;
    }
    byte[] bytes = new byte[end - from];
    region.get(from, bytes);
    return new String(bytes, StandardCharsets.US_ASCII);
  }
}
