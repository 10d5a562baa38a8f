package io.heapcapture.corpus.jvm.trading;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Fans market data out to subscribers; subscribers must unsubscribe themselves. */
public final class QuoteBus {
  private final List<QuoteListener> listeners = new CopyOnWriteArrayList<>();

  void subscribe(QuoteListener listener) {
    listeners.add(listener);
  }

  void unsubscribe(QuoteListener listener) {
    listeners.remove(listener);
  }

  void publish(Quote quote) {
    for (QuoteListener l : listeners) {
      l.onQuote(quote);
    }
  }

  int subscribers() {
    return listeners.size();
  }
}
