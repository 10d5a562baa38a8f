package io.heapcapture.corpus.jvm.storefront;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.heapcapture.corpus.jvm.HeapDumps;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An online shop's request handling: every anonymous visitor gets a {@link ShopperSession}, kept in
 * {@link SessionRegistry}; carts are posted as JSON and priced from the {@link ProductCatalog}.
 *
 * <p><b>Leak:</b> {@code SessionRegistry.sessions} (a {@code ConcurrentHashMap} keyed by session
 * id) keeps every session whose visitor never logs out, which is almost all of them, about 3 KiB
 * each with their carts and attributes. <b>Trap:</b> the preloaded {@code ProductCatalog} (60,000
 * products in a Guava {@code ImmutableMap}) is larger than the sessions at the baseline, but does
 * not change. <b>Expected diagnosis:</b> {@code ShopperSession} objects accumulate in {@code
 * SessionRegistry.sessions}: that map is the unbounded structure a fix bounds or expires.
 */
public final class StorefrontServer {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String[] AGENTS = {
    "Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) Safari/605.1.15",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/126.0 Safari/537.36"
  };

  private final ProductCatalog catalog;
  private final SessionRegistry sessionRegistry = new SessionRegistry();
  private final AtomicLong requests = new AtomicLong();

  StorefrontServer(ProductCatalog catalog) {
    this.catalog = catalog;
  }

  /** A visitor's request: view some products, maybe add to cart, rarely log out. */
  void handleVisit() throws Exception {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    String sessionId = UUID.randomUUID().toString();
    ShopperSession session = sessionRegistry.open(sessionId, AGENTS[random.nextInt(AGENTS.length)]);
    for (int i = 0; i < 10; i++) {
      Product p = catalog.find("SKU-%07d".formatted(random.nextInt(catalog.size())));
      session.recentlyViewed.add(p.sku());
    }
    String body =
        "{\"items\":[{\"sku\":\"%s\",\"qty\":%d},{\"sku\":\"%s\",\"qty\":1}]}"
            .formatted(
                session.recentlyViewed.get(0),
                1 + random.nextInt(3),
                session.recentlyViewed.get(1));
    JsonNode cart = JSON.readTree(body);
    for (JsonNode item : cart.get("items")) {
      Product p = catalog.find(item.get("sku").asText());
      session.cart.add(new CartLine(p.sku(), item.get("qty").asInt(), p.price()));
    }
    session.attributes.put("lastPage", "/p/" + session.recentlyViewed.get(5));
    if (random.nextInt(50) == 0) {
      sessionRegistry.logout(sessionId);
    }
    requests.incrementAndGet();
  }

  public static void main(String[] args) throws Exception {
    StorefrontServer server = new StorefrontServer(ProductCatalog.preload(60_000));
    ExecutorService workers = Executors.newFixedThreadPool(3, HeapDumps.named("http-nio-worker"));
    ScheduledExecutorService scheduler =
        Executors.newScheduledThreadPool(2, HeapDumps.named("scheduler"));
    scheduler.scheduleAtFixedRate(server.sessionRegistry::reap, 1, 1, TimeUnit.SECONDS);
    // about 3,000 visits a second, in batches of 30 every 10 ms
    scheduler.scheduleAtFixedRate(
        () -> {
          for (int i = 0; i < 30; i++) {
            workers.execute(
                () -> {
                  try {
                    server.handleVisit();
                  } catch (Exception e) {
                    e.printStackTrace();
                  }
                });
          }
        },
        0,
        10,
        TimeUnit.MILLISECONDS);
    HeapDumps.baselineAndLater(args, 1_500, 5_000, "sessions", () -> server.sessionRegistry.size());
    System.out.println("requests: " + server.requests.get());
    System.out.println("done");
    HeapDumps.shutdown(scheduler, workers);
  }
}
