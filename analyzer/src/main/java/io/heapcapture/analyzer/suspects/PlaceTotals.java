package io.heapcapture.analyzer.suspects;

import io.heapcapture.analyzer.graph.LongIntMap;
import java.util.Arrays;

/** Objects and retained bytes per place key (see {@link Places}), without boxing. */
final class PlaceTotals {
  private final LongIntMap index = new LongIntMap(1 << 10);
  private long[] count = new long[1 << 10];
  private long[] retained = new long[1 << 10];

  void add(long place, long objects, long bytes) {
    int i = index.get(place);
    if (i == LongIntMap.MISSING) {
      i = index.size();
      if (i == count.length) {
        count = Arrays.copyOf(count, i * 2);
        retained = Arrays.copyOf(retained, i * 2);
      }
      index.put(place, i);
    }
    count[i] += objects;
    retained[i] += bytes;
  }

  /** Objects at the place; 0 if there is none. */
  long count(long place) {
    int i = index.get(place);
    return i == LongIntMap.MISSING ? 0 : count[i];
  }

  /** Bytes the place retains; 0 if there is none. */
  long retained(long place) {
    int i = index.get(place);
    return i == LongIntMap.MISSING ? 0 : retained[i];
  }
}
