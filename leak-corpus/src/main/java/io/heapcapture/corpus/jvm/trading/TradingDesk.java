package io.heapcapture.corpus.jvm.trading;

import io.heapcapture.corpus.jvm.HeapDumps;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A trading UI's backend: websocket clients connect, watch a few symbols and disconnect after a
 * short while; a feed thread publishes quotes on the {@link QuoteBus}.
 *
 * <p><b>Leak:</b> {@code ClientConnectionManager.disconnect} forgets the connection but never
 * unsubscribes its {@link PortfolioQuoteListener}, so {@code QuoteBus.listeners} (a {@code
 * CopyOnWriteArrayList}) keeps one listener per past connection, each with its 2 KiB frame buffer
 * and quote history. <b>Trap:</b> {@code InstrumentReferenceData} (80,000 instruments with 60
 * closing prices each) is the largest structure and does not change. <b>Expected diagnosis:</b> a
 * classic lapsed-listener leak: {@code PortfolioQuoteListener} objects accumulate in {@code
 * QuoteBus.listeners}.
 */
public final class TradingDesk {
  public static void main(String[] args) throws Exception {
    InstrumentReferenceData reference = new InstrumentReferenceData(80_000);
    QuoteBus bus = new QuoteBus();
    ClientConnectionManager clients = new ClientConnectionManager(bus);
    AtomicLong clientIds = new AtomicLong();
    AtomicLong quotes = new AtomicLong();
    ScheduledExecutorService feed =
        Executors.newSingleThreadScheduledExecutor(HeapDumps.named("market-data-feed"));
    ScheduledExecutorService gateway =
        Executors.newScheduledThreadPool(2, HeapDumps.named("client-gateway"));
    ExecutorService analytics = Executors.newFixedThreadPool(1, HeapDumps.named("risk-analytics"));
    feed.scheduleAtFixedRate(
        () -> {
          ThreadLocalRandom r = ThreadLocalRandom.current();
          for (int i = 0; i < 20; i++) {
            double bid = 10 + r.nextDouble() * 500;
            bus.publish(
                new Quote(reference.symbol(r.nextInt(200)), bid, bid + 0.01, System.nanoTime()));
            quotes.incrementAndGet();
          }
        },
        0,
        20,
        TimeUnit.MILLISECONDS);
    // about 2,000 connections a second, each closed about 100 ms later
    gateway.scheduleAtFixedRate(
        () -> {
          ThreadLocalRandom r = ThreadLocalRandom.current();
          for (int i = 0; i < 20; i++) {
            String id = "client-" + clientIds.incrementAndGet();
            clients.connect(
                id,
                Set.of(
                    reference.symbol(r.nextInt(200)),
                    reference.symbol(200 + r.nextInt(1000)),
                    reference.symbol(1200 + r.nextInt(5000))));
            gateway.schedule(() -> clients.disconnect(id), 100, TimeUnit.MILLISECONDS);
          }
        },
        0,
        10,
        TimeUnit.MILLISECONDS);
    analytics.execute(
        () -> {
          while (!Thread.currentThread().isInterrupted()) {
            double sum = 0;
            for (int i = 0; i < reference.size(); i += 97) {
              sum += reference.symbol(i).length();
            }
            if (sum < 0) {
              System.out.println(sum);
            }
            try {
              Thread.sleep(50);
            } catch (InterruptedException e) {
              return;
            }
          }
        });
    HeapDumps.pause(1_500);
    System.out.println(
        "subscribers at baseline: " + bus.subscribers() + ", open " + clients.open());
    HeapDumps.dump(args[0]);
    HeapDumps.pause(5_000);
    System.out.println("subscribers later: " + bus.subscribers() + ", open " + clients.open());
    HeapDumps.dump(args[1]);
    System.out.println("quotes: " + quotes.get());
    System.out.println("done");
    HeapDumps.shutdown(feed, gateway, analytics);
  }
}
