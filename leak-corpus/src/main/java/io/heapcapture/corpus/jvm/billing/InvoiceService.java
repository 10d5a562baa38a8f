package io.heapcapture.corpus.jvm.billing;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import io.heapcapture.corpus.jvm.HeapDumps;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Rates usage records into invoice lines on a pool of 4 worker threads; each request's steps go to
 * its {@link RequestContext}, which {@link RequestContextHolder} keeps in a {@code ThreadLocal}.
 *
 * <p><b>Leak:</b> the pool threads live forever, nothing calls {@code
 * RequestContextHolder.clear()}, and {@code RequestContext.begin} does not reset the audit trail:
 * every pool thread's context keeps every {@link AuditEntry} of every request it ever served in
 * {@code RequestContext.auditTrail}. The same leak thus sits in 4 threads; a good diagnosis reports
 * it once, not four times. <b>Trap:</b> the {@code TariffTable} (150,000 tariffs) is large and
 * stable, and a Caffeine cache of customer accounts sits at its size limit. <b>Expected
 * diagnosis:</b> {@code AuditEntry} objects accumulate in {@code RequestContext.auditTrail}
 * (reached through each worker's {@code Thread.threadLocals}); the context object itself does not
 * grow, its list does.
 */
public final class InvoiceService {
  private final TariffTable tariffs;
  private final LoadingCache<String, CustomerAccount> accounts;
  private final Timer rateTimer;
  private final AtomicLong invoiced = new AtomicLong();

  InvoiceService(TariffTable tariffs, MeterRegistry registry) {
    this.tariffs = tariffs;
    this.accounts =
        Caffeine.newBuilder()
            .maximumSize(20_000)
            .executor(Runnable::run)
            .build(
                id ->
                    new CustomerAccount(
                        id,
                        "tenant-" + (id.hashCode() & 63),
                        "TRF-" + Math.floorMod(id.hashCode(), tariffs.size()),
                        "DE" + Math.abs(id.hashCode()),
                        "billing+" + id + "@example.com"));
    this.rateTimer = registry.timer("billing.rate");
  }

  void rate(String accountId, long usage) {
    rateTimer.record(
        () -> {
          CustomerAccount account = accounts.get(accountId);
          RequestContext ctx = RequestContextHolder.current();
          String requestId = Long.toHexString(ThreadLocalRandom.current().nextLong());
          ctx.begin(account.tenantId(), requestId);
          Tariff tariff = tariffs.find(account.tariffCode());
          ctx.auditTrail.add(
              new AuditEntry(
                  Instant.now(), requestId, account.tenantId(), "tariff", tariff.code(), 0));
          long cents = 0;
          long units = usage;
          List<Long> lines = new ArrayList<>();
          for (int b = 0; b < tariff.bandLimits().length && units > 0; b++) {
            long inBand = Math.min(units, tariff.bandLimits()[b]);
            lines.add(inBand * tariff.centsPerUnit()[b]);
            cents += inBand * tariff.centsPerUnit()[b];
            units -= inBand;
          }
          ctx.auditTrail.add(
              new AuditEntry(
                  Instant.now(),
                  requestId,
                  account.tenantId(),
                  "rated",
                  lines.size() + " bands",
                  cents));
          ctx.auditTrail.add(
              new AuditEntry(
                  Instant.now(),
                  requestId,
                  account.tenantId(),
                  "invoice-line",
                  "account " + accountId,
                  cents));
          invoiced.incrementAndGet();
        });
  }

  public static void main(String[] args) throws Exception {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    InvoiceService service = new InvoiceService(new TariffTable(150_000), registry);
    ExecutorService workers = Executors.newFixedThreadPool(4, HeapDumps.named("billing-worker"));
    ScheduledExecutorService intake =
        Executors.newSingleThreadScheduledExecutor(HeapDumps.named("usage-intake"));
    // about 8,000 usage records a second
    intake.scheduleAtFixedRate(
        () -> {
          for (int i = 0; i < 80; i++) {
            String account = "ACC-" + ThreadLocalRandom.current().nextInt(200_000);
            workers.execute(
                () -> service.rate(account, ThreadLocalRandom.current().nextLong(50_000)));
          }
        },
        0,
        10,
        TimeUnit.MILLISECONDS);
    HeapDumps.baselineAndLater(args, 1_500, 5_000, "invoiced", () -> service.invoiced.get());
    System.out.println("rate timer: " + service.rateTimer.count() + " calls");
    System.out.println("done");
    HeapDumps.shutdown(intake, workers);
  }
}
