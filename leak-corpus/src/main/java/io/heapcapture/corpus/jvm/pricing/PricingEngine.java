package io.heapcapture.corpus.jvm.pricing;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import io.heapcapture.corpus.jvm.HeapDumps;
import java.math.BigDecimal;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * CONTROL, no leak. A pricing engine with a Caffeine {@code LoadingCache} of price quotes bounded
 * at 60,000 entries; quote requests draw from two million keys, so the cache sits at its limit and
 * evicts constantly (high churn, flat size), beside a stable {@code FxRateTable}. The cache is
 * filled to its bound before the baseline dump. A correct diagnosis finds no leak: the cache is
 * large but does not grow, and its churn is not growth.
 */
public final class PricingEngine {
  private final FxRateTable rates = new FxRateTable(2_000, 2_000);
  private final LoadingCache<String, PriceQuote> quotes =
      Caffeine.newBuilder().maximumSize(60_000).executor(Runnable::run).build(this::compute);
  private final AtomicLong requests = new AtomicLong();

  private PriceQuote compute(String key) {
    String[] parts = key.split("\\|");
    int qty = Integer.parseInt(parts[2]);
    double fx = rates.latest(key.hashCode());
    double[] breakdown = new double[48];
    for (int i = 0; i < breakdown.length; i++) {
      breakdown[i] = fx * i;
    }
    return new PriceQuote(
        parts[0],
        parts[1],
        qty,
        BigDecimal.valueOf(1999 + key.hashCode() % 1000, 2),
        BigDecimal.valueOf(qty > 10 ? 5 : 0),
        "EUR",
        breakdown);
  }

  PriceQuote quote(String sku, String segment, int quantity) {
    requests.incrementAndGet();
    return quotes.get(sku + "|" + segment + "|" + quantity);
  }

  private static String randomKeyPart(ThreadLocalRandom r) {
    return "SKU-" + r.nextInt(200_000);
  }

  public static void main(String[] args) throws Exception {
    PricingEngine engine = new PricingEngine();
    String[] segments = {"retail", "trade", "wholesale", "staff", "partner"};
    ExecutorService workers = Executors.newFixedThreadPool(2, HeapDumps.named("pricing-worker"));
    ScheduledExecutorService load =
        Executors.newSingleThreadScheduledExecutor(HeapDumps.named("pricing-requests"));
    // warm up: fill the cache to its bound
    ThreadLocalRandom wr = ThreadLocalRandom.current();
    while (engine.quotes.estimatedSize() < 60_000) {
      engine.quote(randomKeyPart(wr), segments[wr.nextInt(5)], 1 + wr.nextInt(2));
    }
    load.scheduleAtFixedRate(
        () -> {
          for (int i = 0; i < 40; i++) {
            workers.execute(
                () -> {
                  ThreadLocalRandom r = ThreadLocalRandom.current();
                  engine.quote(randomKeyPart(r), segments[r.nextInt(5)], 1 + r.nextInt(2));
                });
          }
        },
        0,
        10,
        TimeUnit.MILLISECONDS);
    HeapDumps.pause(1_500);
    engine.quotes.cleanUp();
    System.out.println("cached at baseline: " + engine.quotes.estimatedSize());
    HeapDumps.dump(args[0]);
    HeapDumps.pause(4_000);
    engine.quotes.cleanUp();
    System.out.println("cached later: " + engine.quotes.estimatedSize());
    HeapDumps.dump(args[1]);
    System.out.println("requests: " + engine.requests.get());
    System.out.println("done");
    HeapDumps.shutdown(load, workers);
  }
}
