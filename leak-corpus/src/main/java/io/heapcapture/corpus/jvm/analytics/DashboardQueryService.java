package io.heapcapture.corpus.jvm.analytics;

import io.heapcapture.corpus.jvm.HeapDumps;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Serves analytics dashboards: each open dashboard refreshes its panels, each panel runs a query
 * over "the last hour" for its tenant, and results are cached with Caffeine.
 *
 * <p><b>Leak:</b> an unbounded cache keyed by request. {@code QueryResultCache.results} has no
 * maximum size and expires after six hours; the key's window ends at the current second, so every
 * refresh adds a {@link QueryResult} (about 2.5 KiB with its series). <b>Trap:</b> the {@code
 * TenantSchemaRegistry} (1,500 tenants × 30 tables × 12 columns, about 50 MiB) is larger at the
 * baseline and stable; and the path to the results runs through Caffeine's generated classes.
 * <b>Expected diagnosis:</b> {@code QueryResult} objects accumulate in the cache held by {@code
 * QueryResultCache.results}: that is the application's field, where a {@code maximumSize} belongs.
 */
public final class DashboardQueryService {
  private final TenantSchemaRegistry schemas;
  private final QueryResultCache cache = new QueryResultCache();
  private final AtomicLong executed = new AtomicLong();

  DashboardQueryService(TenantSchemaRegistry schemas) {
    this.schemas = schemas;
  }

  QueryResult panel(String tenantId, int panel) {
    long now = System.currentTimeMillis() / 1000 * 1000;
    String table = "events_" + panel % 30;
    String sql = "SELECT bucket, count(*) FROM " + table + " GROUP BY bucket";
    return cache.get(
        new QueryKey(tenantId, sql, now - 3_600_000, now),
        key -> {
          TenantSchema schema = schemas.find(key.tenantId());
          List<String> columns = schema.columnsByTable().get(table).subList(0, 3);
          int buckets = 120;
          long[] starts = new long[buckets];
          double[] values = new double[buckets];
          ThreadLocalRandom r = ThreadLocalRandom.current();
          for (int b = 0; b < buckets; b++) {
            starts[b] = key.fromMillis() + b * 30_000L;
            values[b] = r.nextDouble() * 1000;
          }
          executed.incrementAndGet();
          return new QueryResult(key, columns, starts, values);
        });
  }

  public static void main(String[] args) throws Exception {
    DashboardQueryService service = new DashboardQueryService(new TenantSchemaRegistry(1_500, 30));
    ExecutorService executors = Executors.newFixedThreadPool(3, HeapDumps.named("query-executor"));
    ScheduledExecutorService scheduler =
        Executors.newScheduledThreadPool(1, HeapDumps.named("dashboard-refresh"));
    // about 2,500 panel refreshes a second from many tenants' dashboards
    scheduler.scheduleAtFixedRate(
        () -> {
          for (int i = 0; i < 25; i++) {
            ThreadLocalRandom r = ThreadLocalRandom.current();
            String tenant = "tenant-" + r.nextInt(1_500);
            int panel = r.nextInt(30);
            executors.execute(() -> service.panel(tenant, panel));
          }
        },
        0,
        10,
        TimeUnit.MILLISECONDS);
    scheduler.scheduleAtFixedRate(
        () -> System.out.println("cache: " + service.cache.stats()), 3, 3, TimeUnit.SECONDS);
    HeapDumps.baselineAndLater(args, 1_500, 5_000, "cached", () -> service.cache.size());
    System.out.println("queries executed: " + service.executed.get());
    System.out.println("done");
    HeapDumps.shutdown(scheduler, executors);
  }
}
