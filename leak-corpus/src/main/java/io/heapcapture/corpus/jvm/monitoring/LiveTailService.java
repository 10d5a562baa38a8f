package io.heapcapture.corpus.jvm.monitoring;

import io.heapcapture.corpus.jvm.HeapDumps;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * CONTROL, no leak. A log live-tail service: ingest threads write log events into a preallocated
 * ring buffer of 250,000 slots (each event's strings replaced as the ring wraps) and count them in
 * Micrometer with bounded tags (level × service: 5 × 20 counters). Busy, large, flat. The ring has
 * wrapped several times before the baseline dump. A correct diagnosis finds no leak.
 */
public final class LiveTailService {
  private static final String[] LEVELS = {"TRACE", "DEBUG", "INFO", "WARN", "ERROR"};

  public static void main(String[] args) throws Exception {
    LogEventRingBuffer ring = new LogEventRingBuffer(250_000);
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    Counter[][] counters = new Counter[LEVELS.length][20];
    for (int l = 0; l < LEVELS.length; l++) {
      for (int s = 0; s < 20; s++) {
        counters[l][s] =
            registry.counter("log.events", "level", LEVELS[l], "service", "service-" + s);
      }
    }
    ScheduledExecutorService ingest =
        Executors.newScheduledThreadPool(2, HeapDumps.named("log-ingest"));
    Runnable batch =
        () -> {
          ThreadLocalRandom r = ThreadLocalRandom.current();
          for (int i = 0; i < 400; i++) {
            int level = r.nextInt(LEVELS.length);
            int service = r.nextInt(20);
            ring.publish(
                System.currentTimeMillis(),
                LEVELS[level],
                "com.example.service" + service + ".RequestHandler",
                "handled request " + r.nextLong() + " in " + r.nextInt(500) + " ms",
                Long.toHexString(r.nextLong()));
            counters[level][service].increment();
          }
        };
    ingest.scheduleAtFixedRate(batch, 0, 5, TimeUnit.MILLISECONDS);
    ingest.scheduleAtFixedRate(batch, 2, 5, TimeUnit.MILLISECONDS);
    while (ring.published() < 3L * ring.capacity()) {
      HeapDumps.pause(100);
    }
    System.out.println("published at baseline: " + ring.published());
    HeapDumps.dump(args[0]);
    HeapDumps.pause(4_000);
    System.out.println("published later: " + ring.published());
    HeapDumps.dump(args[1]);
    System.out.println("meters: " + registry.getMeters().size());
    System.out.println("done");
    HeapDumps.shutdown(ingest);
  }
}
