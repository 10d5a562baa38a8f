package io.heapcapture.corpus.jvm.pricing;

import java.util.HashMap;
import java.util.Map;

/** Daily FX rates with their history, loaded once. */
public final class FxRateTable {
  private final Map<String, double[]> historyByPair = new HashMap<>();

  FxRateTable(int pairs, int days) {
    for (int p = 0; p < pairs; p++) {
      double[] h = new double[days];
      for (int d = 0; d < days; d++) {
        h[d] = 1 + (p % 50) / 100.0 + d * 1e-5;
      }
      historyByPair.put("PAIR" + p, h);
    }
  }

  double latest(int pair) {
    double[] h = historyByPair.get("PAIR" + Math.floorMod(pair, historyByPair.size()));
    return h[h.length - 1];
  }
}
