package io.heapcapture.sidecar.memory;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The prologue of a PerfData region (HotSpot's {@code PerfDataPrologue}): magic, byte order,
 * version, whether the JVM finished writing it, and where the entries are.
 */
record PerfDataHeader(
    ByteOrder order, int majorVersion, int minorVersion, int used, int entryOffset, int entries) {
  /** The magic, always stored big-endian whatever the byte order of the rest. */
  static final int MAGIC = 0xcafec0c0;

  static final int SIZE = 32;

  /** Reads the prologue at the start of {@code region}, which holds {@code length} bytes. */
  static PerfDataHeader read(ByteBuffer region, int length) throws PerfDataFormatException {
    if (length < SIZE) {
      throw new PerfDataFormatException("hsperfdata file too short: " + length + " bytes");
    }
    int magic = region.order(ByteOrder.BIG_ENDIAN).getInt(0);
    if (magic != MAGIC) {
      throw new PerfDataFormatException(
          "not an hsperfdata file: magic 0x" + Integer.toHexString(magic));
    }
    ByteOrder order = region.get(4) == 0 ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
    int major = region.get(5);
    int minor = region.get(6);
    if (major != 2) {
      // Version 1 (JDK 1.4) had a different entry layout; every JDK since writes 2.0.
      throw new PerfDataFormatException("unsupported hsperfdata version " + major + "." + minor);
    }
    // The JVM sets "accessible" once its counters are created: before that the region is empty.
    if (region.get(7) == 0) {
      throw new PerfDataFormatException("hsperfdata not yet initialized by the JVM");
    }
    region.order(order);
    int used = region.getInt(8);
    int entryOffset = region.getInt(24);
    int entries = region.getInt(28);
    if (entryOffset < SIZE || entryOffset > length || entries < 0) {
      throw new PerfDataFormatException(
          "corrupt hsperfdata header: entry offset " + entryOffset + ", " + entries + " entries");
    }
    return new PerfDataHeader(order, major, minor, Math.min(used, length), entryOffset, entries);
  }
}
