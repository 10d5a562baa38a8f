package io.heapcapture.corpus.framework.quotes;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The HTTP side: {@code GET /quotes/:symbol} asks the pricing engine over the event bus and answers
 * with its reply. <b>The leak</b>: each request registers a consumer on its own reply address and
 * never unregisters it after the reply came.
 */
public final class QuoteGatewayVerticle extends VerticleBase {
  private final InstrumentCatalog catalog;
  private final AtomicLong ids = new AtomicLong();
  private volatile int port;

  public QuoteGatewayVerticle(InstrumentCatalog catalog) {
    this.catalog = catalog;
  }

  @Override
  public Future<?> start() {
    Router router = Router.router(vertx);
    router.get("/quotes/:symbol").handler(this::quote);
    router
        .get("/instruments/:symbol")
        .handler(
            ctx -> {
              Instrument instrument = catalog.bySymbol(ctx.pathParam("symbol"));
              if (instrument == null) {
                ctx.response().setStatusCode(404).end();
              } else {
                ctx.json(JsonObject.mapFrom(instrument));
              }
            });
    return vertx
        .createHttpServer()
        .requestHandler(router)
        .listen(0, "127.0.0.1")
        .map(
            (HttpServer server) -> {
              port = server.actualPort();
              return server;
            });
  }

  private void quote(RoutingContext ctx) {
    Instrument instrument = catalog.bySymbol(ctx.pathParam("symbol"));
    if (instrument == null) {
      ctx.response().setStatusCode(404).end();
      return;
    }
    QuoteRequest request =
        new QuoteRequest("q-" + ids.incrementAndGet() + "-" + System.nanoTime(), instrument, ctx);
    String replyAddress = "quotes.reply." + request.requestId();
    MessageConsumer<JsonObject> consumer =
        vertx
            .eventBus()
            .consumer(
                replyAddress,
                reply -> {
                  request.answered(reply.body());
                  request
                      .routingContext()
                      .json(
                          new JsonObject()
                              .put("requestId", request.requestId())
                              .put("instrument", request.instrument().name())
                              .put("quote", reply.body()));
                  // missing: consumer.unregister()
                });
    consumer
        .completion()
        .onSuccess(
            registered ->
                vertx
                    .eventBus()
                    .send(
                        PricingVerticle.ADDRESS,
                        new JsonObject()
                            .put("symbol", instrument.symbol())
                            .put("replyAddress", replyAddress)));
  }

  public int port() {
    return port;
  }
}
