package io.heapcapture.sidecar.memory;

/**
 * One counter of a PerfData region (HotSpot's {@code PerfDataEntry}): its name, type ({@code 'J'}
 * long, {@code 'B'} byte), units, variability, vector length (0 for a scalar) and where its value
 * lies in the region.
 */
record PerfEntry(
    String name, char type, int units, int variability, int vectorLength, int dataOffset) {
  static final int UNITS_TICKS = 3;
  static final int UNITS_STRING = 5;

  boolean isLong() {
    return type == 'J' && vectorLength == 0;
  }

  boolean isString() {
    return type == 'B' && vectorLength > 0;
  }
}
