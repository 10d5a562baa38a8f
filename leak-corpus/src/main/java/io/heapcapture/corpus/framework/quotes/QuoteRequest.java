package io.heapcapture.corpus.framework.quotes;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * One client's request for a quote, waiting for the pricing engine's reply on its own event-bus
 * address: what accumulates, captured by the reply consumers the gateway never unregisters.
 */
public final class QuoteRequest {
  private final String requestId;
  private final Instrument instrument;
  private final Instant requestedAt = Instant.now();
  private final Map<String, String> headers = new HashMap<>();
  private final RoutingContext routingContext;
  private JsonObject quote;

  public QuoteRequest(String requestId, Instrument instrument, RoutingContext routingContext) {
    this.requestId = requestId;
    this.instrument = instrument;
    this.routingContext = routingContext;
    routingContext.request().headers().forEach(h -> headers.put(h.getKey(), h.getValue()));
  }

  public String requestId() {
    return requestId;
  }

  public Instrument instrument() {
    return instrument;
  }

  public Instant requestedAt() {
    return requestedAt;
  }

  public RoutingContext routingContext() {
    return routingContext;
  }

  public void answered(JsonObject quote) {
    this.quote = quote;
  }

  public JsonObject quote() {
    return quote;
  }
}
