package io.heapcapture.corpus.jvm.trading;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;

/** Reference data loaded at start of day: large, and unchanged until the next day. */
public final class InstrumentReferenceData {
  private final Map<String, Instrument> instrumentsBySymbol = new HashMap<>();
  private final String[] symbols;

  InstrumentReferenceData(int count) {
    Random random = new Random(11);
    symbols = new String[count];
    String[] exchanges = {"XNAS", "XNYS", "XLON", "XETR", "XPAR"};
    for (int i = 0; i < count; i++) {
      String symbol = "T" + Integer.toString(i, 36).toUpperCase();
      symbols[i] = symbol;
      double[] closes = new double[60];
      for (int d = 0; d < closes.length; d++) {
        closes[d] = 10 + random.nextDouble() * 500;
      }
      instrumentsBySymbol.put(
          symbol,
          new Instrument(
              symbol,
              "US%010d".formatted(i),
              "Instrument " + i + " Holdings Inc.",
              exchanges[i % exchanges.length],
              i % 3 == 0 ? "EUR" : "USD",
              1 + i % 100,
              closes));
    }
  }

  String symbol(int i) {
    return symbols[i % symbols.length];
  }

  int size() {
    return symbols.length;
  }
}
