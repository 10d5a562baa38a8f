package io.heapcapture.corpus.framework.quotes;

/** One listed instrument: reference data. */
public record Instrument(
    String symbol, String name, String isin, String exchange, String currency, double tickSize) {}
