package io.heapcapture.corpus.framework.shop;

import io.heapcapture.corpus.framework.ScenarioHarness;
import java.net.http.HttpClient;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@link ShopApplication}'s shop as a long-running service, the leaking application of the
 * heapcapture-leaky-shop image: it serves its REST API on {@code PORT} (default 8080) on every
 * address, and its own shopper visits it {@code SHOP_VISITS_PER_SECOND} times a second (default 5;
 * 0 for none), so the carts leak steadily, about 75 KiB a second at the default, without outside
 * traffic. Runs until stopped.
 */
public final class ShopDeployment {
  private ShopDeployment() {}

  public static void main(String[] args) {
    Map<String, String> env = System.getenv();
    int visitsPerSecond = Integer.parseInt(env.getOrDefault("SHOP_VISITS_PER_SECOND", "5"));
    ConfigurableApplicationContext context =
        new SpringApplicationBuilder(ShopApplication.class)
            .properties(
                Map.of(
                    "server.port", env.getOrDefault("PORT", "8080"),
                    "spring.main.banner-mode", "off",
                    "logging.level.root", "WARN"))
            .run(args);
    int port = ((WebServerApplicationContext) context).getWebServer().getPort();
    ScenarioHarness.log("shop serving on port " + port + ", " + visitsPerSecond + " visits/s");
    if (visitsPerSecond <= 0) {
      return;
    }
    HttpClient shopper = ScenarioHarness.newClient();
    String base = "http://127.0.0.1:" + port + "/api";
    ScheduledExecutorService visits = Executors.newSingleThreadScheduledExecutor();
    int[] visit = {0};
    visits.scheduleAtFixedRate(
        () -> {
          try {
            ShopApplication.visit(shopper, base, "s", 0, visit[0]++);
          } catch (Exception e) {
            // A failed visit (the server shutting down, say) is not the shop's leak: try the next.
            ScenarioHarness.log("visit failed: " + e);
          }
        },
        1_000_000 / visitsPerSecond,
        1_000_000 / visitsPerSecond,
        TimeUnit.MICROSECONDS);
  }
}
