package io.heapcapture.analyzer.report;

import java.util.Locale;

/** Byte counts for people: 1.5 MiB, 312 KiB. */
public final class Bytes {
  private Bytes() {}

  public static String human(long bytes) {
    long abs = Math.abs(bytes);
    if (abs < 1024) {
      return bytes + " B";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB"};
    double value = bytes;
    int unit = -1;
    while (Math.abs(value) >= 1024 && unit < units.length - 1) {
      value /= 1024;
      unit++;
    }
    return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
  }
}
