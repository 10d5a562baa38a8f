package io.heapcapture.corpus.framework.quotes;

import io.heapcapture.corpus.framework.ScenarioHarness;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

/**
 * A market-data quote gateway on Vert.x 5 (vertx-web router, the event bus between the HTTP
 * verticle and the pricing verticle): a client asks for a quote, the gateway registers a consumer
 * on a reply address of the request's own, asks the pricing engine and answers with its reply.
 *
 * <p><b>What leaks</b>: every {@link QuoteRequest}, captured by its reply consumer's handler, which
 * the gateway never unregisters: Vert.x keeps every consumer in its event bus's map of handlers by
 * address ({@code EventBusImpl.handlerMap}), one entry per request. Each request also holds its
 * {@code RoutingContext} (and so the finished HTTP request and response). <b>The traps</b>: the
 * growing map is Vert.x's, not the application's, and its entries are Vert.x objects (handler
 * holders, consumers, sequences, contexts) that outnumber the requests; and the {@link
 * InstrumentCatalog}, 220,000 instruments, is the biggest retainer in both dumps. <b>The
 * diagnosis</b>: {@code QuoteRequest} accumulates, held by {@code EventBusImpl.handlerMap}.
 *
 * <p>Four client threads ask for quotes and, every fourth time, for an instrument's reference data.
 * Run: {@code QuoteGateway <baseline.hprof> <later.hprof>}.
 */
public final class QuoteGateway {
  private static final int CLIENTS = 4;
  private static final int WARMUP_REQUESTS = 400;
  private static final int LEAK_REQUESTS = 1_200;

  private QuoteGateway() {}

  public static void main(String[] args) throws Exception {
    ScenarioHarness.log("starting");
    InstrumentCatalog catalog = new InstrumentCatalog();
    Vertx vertx = Vertx.vertx();
    int exit = 1;
    try {
      vertx.deployVerticle(new PricingVerticle()).toCompletionStage().toCompletableFuture().get();
      QuoteGatewayVerticle gateway = new QuoteGatewayVerticle(catalog);
      vertx.deployVerticle(gateway).toCompletionStage().toCompletableFuture().get();
      ScenarioHarness.log("started");
      String base = "http://127.0.0.1:" + gateway.port();
      List<HttpClient> clients = ScenarioHarness.clients(CLIENTS);
      ScenarioHarness.drive(
          "warmup", clients, WARMUP_REQUESTS, (http, c, i) -> ask(http, base, c, i));
      ScenarioHarness.dumpHeap(args[0]);
      ScenarioHarness.drive(
          "leak", clients, LEAK_REQUESTS, (http, c, i) -> ask(http, base, c, i + WARMUP_REQUESTS));
      ScenarioHarness.dumpHeap(args[1]);
      System.out.println("done");
      exit = 0;
    } catch (Exception e) {
      e.printStackTrace();
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get();
      System.exit(exit);
    }
  }

  private static void ask(HttpClient http, String base, int client, int i) throws Exception {
    String symbol =
        InstrumentCatalog.symbol((client * 50_021 + i * 97) % InstrumentCatalog.INSTRUMENTS);
    get(http, base + "/quotes/" + symbol);
    if (i % 4 == 0) {
      get(http, base + "/instruments/" + symbol);
    }
  }

  private static void get(HttpClient http, String uri) throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(uri)).header("Accept", "application/json").build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IllegalStateException("GET " + uri + ": " + response.statusCode());
    }
  }
}
