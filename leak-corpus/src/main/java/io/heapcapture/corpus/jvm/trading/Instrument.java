package io.heapcapture.corpus.jvm.trading;

/** Static reference data of a tradable instrument. */
public record Instrument(
    String symbol,
    String isin,
    String name,
    String exchange,
    String currency,
    int lotSize,
    double[] closingPrices) {}
