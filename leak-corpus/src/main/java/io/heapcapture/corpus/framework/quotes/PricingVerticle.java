package io.heapcapture.corpus.framework.quotes;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The pricing engine: answers {@code pricing.requests} by sending a ten-level book to the reply
 * address the request names.
 */
public final class PricingVerticle extends VerticleBase {
  static final String ADDRESS = "pricing.requests";

  @Override
  public Future<?> start() {
    return vertx
        .eventBus()
        .<JsonObject>consumer(
            ADDRESS,
            message -> {
              JsonObject request = message.body();
              String symbol = request.getString("symbol");
              double mid = 10 + (symbol.hashCode() & 0xffff) / 100.0;
              JsonArray bids = new JsonArray();
              JsonArray asks = new JsonArray();
              for (int level = 1; level <= 10; level++) {
                bids.add(
                    new JsonObject().put("price", mid - level * 0.01).put("size", 100 * level));
                asks.add(
                    new JsonObject().put("price", mid + level * 0.01).put("size", 100 * level));
              }
              vertx
                  .eventBus()
                  .send(
                      request.getString("replyAddress"),
                      new JsonObject()
                          .put("symbol", symbol)
                          .put("bids", bids)
                          .put("asks", asks)
                          .put("pricedAt", System.currentTimeMillis()));
            })
        .completion();
  }
}
