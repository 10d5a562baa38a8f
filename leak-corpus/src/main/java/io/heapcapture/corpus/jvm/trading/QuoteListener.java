package io.heapcapture.corpus.jvm.trading;

/** Receives every quote published on the {@link QuoteBus}. */
public interface QuoteListener {
  void onQuote(Quote quote);
}
