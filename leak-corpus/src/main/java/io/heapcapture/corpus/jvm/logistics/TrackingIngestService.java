package io.heapcapture.corpus.jvm.logistics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.heapcapture.corpus.jvm.HeapDumps;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Ingests carrier tracking webhooks: two threads parse JSON payloads with Jackson into {@link
 * ShipmentEvent}s and append them to the {@link EventJournal}, which a scheduled task flushes to
 * the warehouse database.
 *
 * <p><b>Leak:</b> duplicated strings, accumulating. After the warehouse fails over, the journal's
 * flush fails and {@code EventJournal.pendingEvents} grows; each event holds fresh copies of the
 * same few strings ("DHL", "IN_TRANSIT", "DE", "Hub 7", …) that Jackson created for it, so most of
 * the growth is {@code String} and {@code byte[]} objects with a handful of distinct values.
 * <b>Trap:</b> the {@code PostalDirectory} (200,000 areas) is large and stable; and the growing
 * classes are JDK classes. <b>Expected diagnosis:</b> {@code ShipmentEvent} objects accumulate in
 * {@code EventJournal.pendingEvents}; the strings are theirs (a second finding would be their
 * duplication, which {@code String.intern} or an enum would remove).
 */
public final class TrackingIngestService {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String[] CARRIERS = {"DHL", "DPD", "GLS", "UPS", "Hermes"};
  private static final String[] STATUSES = {
    "IN_TRANSIT", "OUT_FOR_DELIVERY", "DELIVERED", "AT_HUB"
  };
  private static final String[] COUNTRIES = {"DE", "FR", "NL", "PL", "AT"};
  private static final String[] SCANS = {"ARRIVAL", "DEPARTURE", "HANDOVER"};

  private final EventJournal journal = new EventJournal();
  private final PostalDirectory postal;
  private final AtomicLong parsed = new AtomicLong();

  TrackingIngestService(PostalDirectory postal) {
    this.postal = postal;
  }

  void onWebhook(String payload) throws Exception {
    JsonNode n = JSON.readTree(payload);
    ShipmentEvent event =
        new ShipmentEvent(
            n.get("tracking").asText(),
            n.get("carrier").asText(),
            n.get("status").asText(),
            n.get("country").asText(),
            n.get("hub").asText(),
            n.get("scan").asText(),
            Instant.ofEpochMilli(n.get("ts").asLong()));
    PostalArea area =
        postal.find(event.countryCode() + "-" + (10_000 + (int) (parsed.get() % 200_000)));
    if (area == null || !area.hubName().isEmpty()) {
      journal.append(event);
    }
    parsed.incrementAndGet();
  }

  static String payload(ThreadLocalRandom r) {
    return "{\"tracking\":\"JJD%014d\",\"carrier\":\"%s\",\"status\":\"%s\",\"country\":\"%s\",\"hub\":\"Hub %d\",\"scan\":\"%s\",\"ts\":%d}"
        .formatted(
            r.nextLong(100_000_000_000_000L),
            CARRIERS[r.nextInt(CARRIERS.length)],
            STATUSES[r.nextInt(STATUSES.length)],
            COUNTRIES[r.nextInt(COUNTRIES.length)],
            r.nextInt(40),
            SCANS[r.nextInt(SCANS.length)],
            System.currentTimeMillis());
  }

  public static void main(String[] args) throws Exception {
    TrackingIngestService service = new TrackingIngestService(new PostalDirectory(200_000));
    ScheduledExecutorService webhooks =
        Executors.newScheduledThreadPool(2, HeapDumps.named("webhook-handler"));
    ScheduledExecutorService flusher =
        Executors.newSingleThreadScheduledExecutor(HeapDumps.named("journal-flusher"));
    // about 10,000 webhooks a second on two threads
    for (int t = 0; t < 2; t++) {
      webhooks.scheduleAtFixedRate(
          () -> {
            ThreadLocalRandom r = ThreadLocalRandom.current();
            for (int i = 0; i < 50; i++) {
              try {
                service.onWebhook(payload(r));
              } catch (Exception e) {
                e.printStackTrace();
              }
            }
          },
          0,
          10,
          TimeUnit.MILLISECONDS);
    }
    flusher.scheduleAtFixedRate(service.journal::flush, 200, 200, TimeUnit.MILLISECONDS);
    HeapDumps.pause(1_000);
    service.journal.failover();
    HeapDumps.baselineAndLater(args, 1_000, 5_000, "pending", () -> service.journal.pending());
    System.out.println("parsed " + service.parsed.get() + ", flushed " + service.journal.flushed());
    System.out.println("done");
    HeapDumps.shutdown(webhooks, flusher);
  }
}
