package io.heapcapture.corpus.jvm.gateway;

import io.heapcapture.corpus.jvm.HeapDumps;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An API gateway: routes requests by path pattern to upstreams and times each request with
 * Micrometer; a scraper thread reads all meters every second, as a Prometheus endpoint would.
 *
 * <p><b>Leak:</b> unbounded tag cardinality. {@code GatewayMetrics} tags each timer with the raw
 * path (it contains the account id) and the API key, so nearly every request registers a new timer,
 * which the registry keeps forever. <b>Trap:</b> the {@code RouteTable} (12,000 compiled regular
 * expressions, tens of MiB) is large and stable; and the growth is all in Micrometer's classes,
 * none of the application's. <b>Expected diagnosis:</b> {@code CumulativeTimer} objects (what
 * {@code SimpleMeterRegistry} creates for a {@code Timer}) accumulate in {@code
 * MeterRegistry.meterMap}. Judgement: each timer is reachable from three maps of the registry
 * ({@code meterMap}, {@code preFilterIdToMeterMap}, {@code meterToPreFilterIdMap}), so the registry
 * object dominates them; {@code meterMap} is the registry's own store of meters, the one {@code
 * getMeters()} reads and the one a fix (a {@code MeterFilter} that caps the {@code uri} tag) keeps
 * small, so that is the field to name; the timer, not its {@code Meter.Id} or tags, is the object
 * the leak registers once per request.
 */
public final class ApiGateway {
  public static void main(String[] args) throws Exception {
    RouteTable routes = new RouteTable(4_000);
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    GatewayMetrics metrics = new GatewayMetrics(registry);
    ExecutorService io = Executors.newFixedThreadPool(2, HeapDumps.named("gateway-io"));
    ScheduledExecutorService scheduler =
        Executors.newScheduledThreadPool(2, HeapDumps.named("gateway-scheduler"));
    AtomicLong served = new AtomicLong();
    String[] methods = {"GET", "GET", "GET", "POST", "PUT"};
    // about 5,000 requests a second
    scheduler.scheduleAtFixedRate(
        () -> {
          for (int i = 0; i < 50; i++) {
            io.execute(
                () -> {
                  ThreadLocalRandom r = ThreadLocalRandom.current();
                  long start = System.nanoTime();
                  Route route = routes.route(r.nextInt(routes.size()));
                  String path =
                      route
                          .pathPattern()
                          .pattern()
                          .replace("^", "")
                          .replace("(1|2)", "2")
                          .replaceAll("/\\(\\?<id>.*$", "/" + (10_000_000 + r.nextInt(90_000_000)));
                  int status = route.pathPattern().matcher(path).matches() ? 200 : 404;
                  metrics.recordRequest(
                      methods[r.nextInt(methods.length)],
                      path,
                      status,
                      "key-" + r.nextInt(5_000),
                      System.nanoTime() - start);
                  served.incrementAndGet();
                });
          }
        },
        0,
        10,
        TimeUnit.MILLISECONDS);
    scheduler.scheduleAtFixedRate(
        () -> {
          double total = 0;
          for (Meter m : registry.getMeters()) {
            if (m instanceof Timer t) {
              total += t.totalTime(TimeUnit.MILLISECONDS);
            }
          }
          if (total < 0) {
            System.out.println(total);
          }
        },
        1,
        1,
        TimeUnit.SECONDS);
    HeapDumps.baselineAndLater(args, 1_500, 5_000, "meters", () -> registry.getMeters().size());
    System.out.println("served: " + served.get());
    System.out.println("done");
    HeapDumps.shutdown(scheduler, io);
  }
}
