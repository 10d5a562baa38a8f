package io.heapcapture.corpus.jvm.trading;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Websocket clients of the trading UI: one portfolio listener per connection. */
public final class ClientConnectionManager {
  private final QuoteBus bus;
  private final Map<String, PortfolioQuoteListener> connections = new ConcurrentHashMap<>();

  ClientConnectionManager(QuoteBus bus) {
    this.bus = bus;
  }

  void connect(String clientId, Set<String> symbols) {
    PortfolioQuoteListener listener = new PortfolioQuoteListener(clientId, symbols);
    bus.subscribe(listener);
    connections.put(clientId, listener);
  }

  /** The bug: the connection is forgotten, its listener stays subscribed to the bus. */
  void disconnect(String clientId) {
    connections.remove(clientId);
  }

  int open() {
    return connections.size();
  }
}
