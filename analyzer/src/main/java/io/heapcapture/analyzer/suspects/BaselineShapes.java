package io.heapcapture.analyzer.suspects;

import io.heapcapture.analyzer.graph.LongIntMap;

/**
 * What each shape of the baseline dump held, by {@link
 * io.heapcapture.analyzer.graph.PathShapes#fingerprint fingerprint}: all that is kept of the
 * baseline's graph to measure growth in the current one. A shape the baseline did not have held
 * nothing then.
 */
public final class BaselineShapes {
  private final LongIntMap index;
  private final long[] count;
  private final long[] retained;
  private final long reachable;

  private BaselineShapes(LongIntMap index, long[] count, long[] retained, long reachable) {
    this.index = index;
    this.count = count;
    this.retained = retained;
    this.reachable = reachable;
  }

  static BaselineShapes of(ShapeTotals totals) {
    int n = totals.shapeCount();
    LongIntMap index = new LongIntMap(Math.max(16, n));
    long[] count = new long[n];
    long[] retained = new long[n];
    int size = 0;
    for (int s = 0; s < n; s++) {
      long fingerprint = totals.shapes().fingerprint(s);
      int i = index.get(fingerprint);
      if (i == LongIntMap.MISSING) {
        i = size++;
        index.put(fingerprint, i);
      }
      // Two shapes of one dump can share a fingerprint only when generated class names became
      // equal once made stable: they are one place of the program, so they add up.
      count[i] += totals.count(s);
      retained[i] += totals.retained(s);
    }
    return new BaselineShapes(index, count, retained, totals.reachable());
  }

  long count(long fingerprint) {
    int i = index.get(fingerprint);
    return i == LongIntMap.MISSING ? 0 : count[i];
  }

  long retained(long fingerprint) {
    int i = index.get(fingerprint);
    return i == LongIntMap.MISSING ? 0 : retained[i];
  }

  long reachable() {
    return reachable;
  }
}
