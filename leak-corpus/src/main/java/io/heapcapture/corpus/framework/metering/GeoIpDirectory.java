package io.heapcapture.corpus.framework.metering;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Reference data loaded at start and never changed: 450,000 address ranges, looked up for each
 * usage record's client address. Large and stable: the trap beside the leak.
 */
public final class GeoIpDirectory {
  static final int RANGES = 450_000;
  private static final String[] COUNTRIES = {
    "DE", "FR", "US", "GB", "NL", "SE", "JP", "BR", "IN", "CA", "AU", "ES", "IT", "PL", "CH"
  };

  private final IpRange[] ranges;

  public GeoIpDirectory() {
    List<IpRange> loaded = new ArrayList<>(RANGES);
    long next = 0x0100_0000L;
    for (int i = 0; i < RANGES; i++) {
      long size = 256L * (1 + i % 37);
      loaded.add(
          new IpRange(
              next,
              next + size - 1,
              COUNTRIES[i % COUNTRIES.length],
              "AS" + (10_000 + i % 60_000) + " Carrier " + Integer.toHexString(i * 2_654_435)));
      next += size;
    }
    loaded.sort(Comparator.comparingLong(IpRange::first));
    ranges = loaded.toArray(IpRange[]::new);
  }

  /** The range holding {@code address}, or null. */
  public IpRange find(long address) {
    int low = 0;
    int high = ranges.length - 1;
    while (low <= high) {
      int mid = (low + high) >>> 1;
      IpRange r = ranges[mid];
      if (address < r.first()) {
        high = mid - 1;
      } else if (address > r.last()) {
        low = mid + 1;
      } else {
        return r;
      }
    }
    return null;
  }

  static long parse(String dotted) {
    long address = 0;
    for (String part : dotted.split("\\.")) {
      address = (address << 8) | Integer.parseInt(part);
    }
    return address;
  }
}
