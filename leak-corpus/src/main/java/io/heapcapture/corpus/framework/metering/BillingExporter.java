package io.heapcapture.corpus.framework.metering;

import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** Every 200 ms, hands the records not exported yet to billing (here: adds them up). */
public final class BillingExporter implements AutoCloseable {
  private final TenantRegistry registry;
  private final ScheduledExecutorService scheduler =
      Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "billing-exporter"));
  private final AtomicLong exportedRecords = new AtomicLong();

  public BillingExporter(TenantRegistry registry) {
    this.registry = registry;
  }

  public void start() {
    scheduler.scheduleWithFixedDelay(this::export, 200, 200, TimeUnit.MILLISECONDS);
  }

  void export() {
    for (TenantState tenant : registry.all()) {
      List<UsageRecord> batch = tenant.takeUnexported();
      exportedRecords.addAndGet(batch.size());
    }
  }

  public long exportedRecords() {
    return exportedRecords.get();
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
  }
}
