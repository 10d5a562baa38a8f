package io.heapcapture.corpus.jvm.trading;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/** Keeps one client's portfolio valuation current and buffers updates for its websocket. */
public final class PortfolioQuoteListener implements QuoteListener {
  final String clientId;
  final Set<String> watchedSymbols;
  final Map<String, Double> lastMid = new HashMap<>();
  final ArrayDeque<Quote> pendingPush = new ArrayDeque<>();
  final byte[] websocketFrameBuffer = new byte[2048];
  double portfolioValue;

  PortfolioQuoteListener(String clientId, Set<String> watchedSymbols) {
    this.clientId = clientId;
    this.watchedSymbols = watchedSymbols;
  }

  @Override
  public void onQuote(Quote quote) {
    if (!watchedSymbols.contains(quote.symbol())) {
      return;
    }
    double mid = (quote.bid() + quote.ask()) / 2;
    Double previous = lastMid.put(quote.symbol(), mid);
    portfolioValue += previous == null ? mid : mid - previous;
    pendingPush.addLast(quote);
    if (pendingPush.size() > 16) {
      pendingPush.removeFirst();
    }
  }
}
