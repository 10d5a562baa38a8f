package io.heapcapture.corpus.framework.quotes;

import java.util.HashMap;
import java.util.Map;

/**
 * Every listed instrument, loaded at start and never changed: 220,000 of them. Large and stable:
 * the trap beside the leak.
 */
public final class InstrumentCatalog {
  static final int INSTRUMENTS = 220_000;
  private static final String[] EXCHANGES = {"XETR", "XPAR", "XNAS", "XNYS", "XLON", "XAMS"};

  private final Map<String, Instrument> bySymbol = new HashMap<>();

  public InstrumentCatalog() {
    for (int i = 0; i < INSTRUMENTS; i++) {
      String symbol = symbol(i);
      bySymbol.put(
          symbol,
          new Instrument(
              symbol,
              "Instrument " + i + " " + Integer.toHexString(i * 40_503) + " Holdings",
              "XS" + String.format("%010d", i * 7L),
              EXCHANGES[i % EXCHANGES.length],
              i % 3 == 0 ? "USD" : "EUR",
              0.01 * (1 + i % 5)));
    }
  }

  static String symbol(int i) {
    return "I" + Integer.toString(i, 36).toUpperCase();
  }

  public Instrument bySymbol(String symbol) {
    return bySymbol.get(symbol);
  }
}
