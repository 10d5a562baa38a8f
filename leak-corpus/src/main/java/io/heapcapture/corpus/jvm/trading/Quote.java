package io.heapcapture.corpus.jvm.trading;

/** A top-of-book quote from the market-data feed. */
public record Quote(String symbol, double bid, double ask, long timestampNanos) {}
