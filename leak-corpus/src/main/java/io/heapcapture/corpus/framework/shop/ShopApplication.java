package io.heapcapture.corpus.framework.shop;

import io.heapcapture.corpus.framework.ScenarioHarness;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A Spring Boot 3 shop (embedded Tomcat, Spring MVC, Jackson) whose {@link CartService} keeps the
 * cart of every abandoned session.
 *
 * <p><b>What leaks</b>: one {@link ShoppingCart} per visit that does not check out (nine in ten),
 * with its lines and the shoppers' uploaded personalisation images, in {@link CartService}'s map
 * {@code cartsBySession}, which only checkout removes from. <b>The traps</b>: the Spring context
 * around it: the bean factory's {@code singletonObjects} map holds every bean, so it dominates both
 * the {@link ProductCatalog} (80,000 products, the biggest retainer and stable) and the growing
 * carts; and most leaked bytes are {@code byte[]} images, not carts. <b>The diagnosis</b>: {@code
 * ShoppingCart} accumulates, held by {@code CartService.cartsBySession}.
 *
 * <p>Shoppers (three client threads) visit the shop: each visit puts two personalised products (a 6
 * KiB image each) into a new session's cart, looks at the cart and, every other visit, at a
 * product; one visit in ten checks out. The baseline dump is written after 450 visits, the later
 * one after 2,100 more.
 *
 * <p>Run: {@code ShopApplication <baseline.hprof> <later.hprof>}.
 */
@SpringBootApplication
public class ShopApplication {
  private static final int SHOPPERS = 3;
  private static final int WARMUP_VISITS = 150;
  private static final int LEAK_VISITS = 700;
  private static final int IMAGE_BYTES = 6 * 1024;

  public static void main(String[] args) throws Exception {
    run(args, Map.of());
  }

  /** Starts the shop with {@code properties} besides the usual ones and runs the scenario. */
  static void run(String[] args, Map<String, Object> properties) throws Exception {
    ScenarioHarness.log("starting");
    Map<String, Object> all = new java.util.HashMap<>(properties);
    all.put("server.port", "0");
    all.put("server.address", "127.0.0.1");
    all.put("spring.main.banner-mode", "off");
    all.put("logging.level.root", "WARN");
    ConfigurableApplicationContext context =
        new SpringApplicationBuilder(ShopApplication.class).properties(all).run(args);
    int exit = 1;
    try {
      ScenarioHarness.log("started");
      int port = ((WebServerApplicationContext) context).getWebServer().getPort();
      List<HttpClient> shoppers = ScenarioHarness.clients(SHOPPERS);
      String base = "http://127.0.0.1:" + port + "/api";

      ScenarioHarness.drive(
          "warmup", shoppers, WARMUP_VISITS, (http, c, i) -> visit(http, base, "w", c, i));
      ScenarioHarness.dumpHeap(args[0]);
      ScenarioHarness.drive(
          "leak", shoppers, LEAK_VISITS, (http, c, i) -> visit(http, base, "l", c, i));
      ScenarioHarness.dumpHeap(args[1]);
      ScenarioHarness.log("open carts: " + context.getBean(CartService.class).openCarts());
      System.out.println("done");
      exit = 0;
    } catch (Exception e) {
      e.printStackTrace();
    } finally {
      SpringApplication.exit(context);
      System.exit(exit);
    }
  }

  static void visit(HttpClient http, String base, String phase, int shopper, int visit)
      throws Exception {
    String session =
        phase + "-" + shopper + "-" + visit + "-" + Long.toHexString(System.nanoTime());
    int seed = (shopper * 1_000_003 + visit * 7919) & 0x7fffffff;
    for (int item = 0; item < 2; item++) {
      int product = (seed + item * 104_729) % ProductCatalog.PRODUCTS;
      String body =
          "{\"sku\":\""
              + ProductCatalog.sku(product)
              + "\",\"quantity\":"
              + (1 + item)
              + ",\"giftNote\":\""
              + giftNote(session, item)
              + "\",\"options\":{\"colour\":\"c"
              + (seed % 17)
              + "\",\"size\":\""
              + "SMLX".charAt(item)
              + "\",\"wrap\":\""
              + (visit % 2 == 0)
              + "\"},\"personalisation\":\""
              + image(seed + item)
              + "\"}";
      send(
          http,
          HttpRequest.newBuilder(URI.create(base + "/carts/" + session + "/items"))
              .header("Content-Type", "application/json")
              .header("User-Agent", "shopper/" + shopper + " (visit " + visit + ")")
              .header("Referer", "https://example.com/campaign/" + (visit % 50))
              .POST(HttpRequest.BodyPublishers.ofString(body))
              .build(),
          201);
    }
    send(http, HttpRequest.newBuilder(URI.create(base + "/carts/" + session)).build(), 200);
    send(
        http,
        HttpRequest.newBuilder(
                URI.create(
                    base + "/products/" + ProductCatalog.sku(seed % ProductCatalog.PRODUCTS)))
            .build(),
        200);
    if (visit % 10 == 0) {
      send(
          http,
          HttpRequest.newBuilder(URI.create(base + "/carts/" + session + "/checkout"))
              .POST(HttpRequest.BodyPublishers.noBody())
              .build(),
          200);
    }
  }

  private static String image(int seed) {
    byte[] image = new byte[IMAGE_BYTES];
    new java.util.Random(seed).nextBytes(image);
    return java.util.Base64.getEncoder().encodeToString(image);
  }

  private static String giftNote(String session, int item) {
    StringBuilder note = new StringBuilder(420);
    note.append("For ").append(session).append(", item ").append(item).append(':');
    while (note.length() < 400) {
      note.append(" happy birthday and all the best ").append(note.length());
    }
    return note.toString();
  }

  private static void send(HttpClient http, HttpRequest request, int expected) throws Exception {
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != expected) {
      throw new IllegalStateException(
          request.method() + " " + request.uri() + ": " + response.statusCode());
    }
  }
}
