package io.heapcapture.corpus.jvm.billing;

import java.util.HashMap;
import java.util.Map;

/** Every tariff of every market, loaded at start-up; read-only afterwards. */
public final class TariffTable {
  private final Map<String, Tariff> tariffsByCode = new HashMap<>();

  TariffTable(int count) {
    for (int i = 0; i < count; i++) {
      long[] limits = new long[24];
      long[] cents = new long[24];
      for (int b = 0; b < limits.length; b++) {
        limits[b] = (b + 1) * 1000L;
        cents[b] = 30 - b + i % 7;
      }
      String code = "TRF-" + i;
      tariffsByCode.put(
          code,
          new Tariff(
              code,
              i % 2 == 0 ? "EUR" : "GBP",
              "Business plan " + i + " (metered)",
              limits,
              cents));
    }
  }

  Tariff find(String code) {
    return tariffsByCode.get(code);
  }

  int size() {
    return tariffsByCode.size();
  }
}
