package io.heapcapture.corpus.framework.metering;

import io.heapcapture.corpus.framework.ScenarioHarness;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * A multi-tenant usage-metering service on embedded Jetty 12 (core handler API, Jackson for the
 * JSON): API gateways post batches of usage records per tenant; a {@link BillingExporter} hands
 * them on to billing every 200 ms.
 *
 * <p><b>What leaks</b>: every {@link UsageRecord}, kept in its tenant's {@link
 * TenantState#usageLog}, because the exporter advances a cursor instead of dropping what it has
 * exported. <b>The traps</b>: the growth is spread over 40 tenants' lists, none of which dominates
 * the heap alone (the one object that does is the registry's map of tenants, which does not grow in
 * entries); and the {@link GeoIpDirectory}, 450,000 ranges loaded at start, is the largest single
 * retainer in the baseline. <b>The diagnosis</b>: {@code UsageRecord} accumulates, held by {@code
 * TenantState.usageLog} (one list per tenant).
 *
 * <p>Four client threads post 20-record batches for 40 tenants and now and then read a tenant's
 * summary. Run: {@code MeteringServer <baseline.hprof> <later.hprof>}.
 */
public final class MeteringServer {
  private static final int CLIENTS = 4;
  private static final int TENANTS = 40;
  private static final int RECORDS_PER_BATCH = 20;
  private static final int WARMUP_BATCHES = 250;
  private static final int LEAK_BATCHES = 1_000;

  private MeteringServer() {}

  public static void main(String[] args) throws Exception {
    ScenarioHarness.log("starting");
    GeoIpDirectory geoIp = new GeoIpDirectory();
    TenantRegistry tenants = new TenantRegistry();
    BillingExporter exporter = new BillingExporter(tenants);
    QueuedThreadPool threads = new QueuedThreadPool(32, 4);
    threads.setName("metering-http");
    Server server = new Server(threads);
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    server.setHandler(new UsageHandler(tenants, geoIp));
    int exit = 1;
    try {
      server.start();
      exporter.start();
      ScenarioHarness.log("started");
      String base = "http://127.0.0.1:" + connector.getLocalPort();
      List<HttpClient> gateways = ScenarioHarness.clients(CLIENTS);
      ScenarioHarness.drive(
          "warmup", gateways, WARMUP_BATCHES, (http, c, i) -> post(http, base, "w", c, i));
      ScenarioHarness.dumpHeap(args[0]);
      ScenarioHarness.drive(
          "leak", gateways, LEAK_BATCHES, (http, c, i) -> post(http, base, "l", c, i));
      ScenarioHarness.dumpHeap(args[1]);
      long kept = tenants.all().stream().mapToLong(TenantState::records).sum();
      ScenarioHarness.log("records kept: " + kept + ", exported: " + exporter.exportedRecords());
      System.out.println("done");
      exit = 0;
    } catch (Exception e) {
      e.printStackTrace();
    } finally {
      exporter.close();
      server.stop();
      System.exit(exit);
    }
  }

  private static void post(HttpClient http, String base, String phase, int gateway, int batch)
      throws Exception {
    String tenant = "tenant-" + ((gateway * 7 + batch) % TENANTS);
    StringBuilder body = new StringBuilder(4096).append("{\"records\":[");
    for (int r = 0; r < RECORDS_PER_BATCH; r++) {
      int n = batch * RECORDS_PER_BATCH + r;
      if (r > 0) {
        body.append(',');
      }
      body.append("{\"requestId\":\"")
          .append(phase)
          .append("-gw")
          .append(gateway)
          .append('-')
          .append(Long.toHexString(System.nanoTime()))
          .append('-')
          .append(n)
          .append("\",\"meter\":\"")
          .append(n % 3 == 0 ? "api.calls" : n % 3 == 1 ? "storage.bytes" : "egress.bytes")
          .append("\",\"quantity\":")
          .append(1 + n % 977)
          .append(",\"clientAddress\":\"")
          .append(1 + n % 200)
          .append('.')
          .append(n % 251)
          .append('.')
          .append((n * 7) % 253)
          .append('.')
          .append(n % 255)
          .append("\",\"attributes\":{\"route\":\"/v2/orders/")
          .append(n % 5000)
          .append("\",\"apiKey\":\"key-")
          .append(gateway)
          .append('-')
          .append(n % 300)
          .append("\",\"status\":\"")
          .append(n % 17 == 0 ? 500 : 200)
          .append("\"}}");
    }
    body.append("]}");
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(base + "/v1/usage"))
                .header("X-Tenant-Id", tenant)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 202) {
      throw new IllegalStateException("POST /v1/usage: " + response.statusCode());
    }
    if (batch % 10 == 0) {
      HttpResponse<String> summary =
          http.send(
              HttpRequest.newBuilder(URI.create(base + "/v1/tenants/" + tenant + "/usage")).build(),
              HttpResponse.BodyHandlers.ofString());
      if (summary.statusCode() != 200) {
        throw new IllegalStateException("GET usage: " + summary.statusCode());
      }
    }
  }
}
