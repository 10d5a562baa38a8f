package io.heapcapture.corpus.framework.metering;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The metering API on Jetty's core handler API: {@code POST /v1/usage} with header {@code
 * X-Tenant-Id} and a JSON batch of usage records; {@code GET /v1/tenants/{id}/usage} for a summary.
 */
public final class UsageHandler extends Handler.Abstract {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final TenantRegistry tenants;
  private final GeoIpDirectory geoIp;

  public UsageHandler(TenantRegistry tenants, GeoIpDirectory geoIp) {
    this.tenants = tenants;
    this.geoIp = geoIp;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    String path = Request.getPathInContext(request);
    if ("POST".equals(request.getMethod()) && path.equals("/v1/usage")) {
      String tenantId = request.getHeaders().get("X-Tenant-Id");
      if (tenantId == null) {
        Response.writeError(request, response, callback, HttpStatus.BAD_REQUEST_400, "no tenant");
        return true;
      }
      JsonNode batch = JSON.readTree(Content.Source.asString(request));
      List<UsageRecord> records = new ArrayList<>();
      Instant now = Instant.now();
      for (JsonNode r : batch.path("records")) {
        String client = r.path("clientAddress").asText();
        IpRange range = geoIp.find(GeoIpDirectory.parse(client));
        Map<String, String> attributes = new HashMap<>();
        r.path("attributes")
            .fields()
            .forEachRemaining(e -> attributes.put(e.getKey(), e.getValue().asText()));
        records.add(
            new UsageRecord(
                r.path("requestId").asText(),
                r.path("meter").asText().intern(),
                r.path("quantity").asLong(),
                now,
                client,
                range == null ? "??" : range.country(),
                attributes));
      }
      tenants.tenant(tenantId).append(records);
      respond(response, callback, HttpStatus.ACCEPTED_202, "{\"accepted\":" + records.size() + "}");
      return true;
    }
    if ("GET".equals(request.getMethod())
        && path.startsWith("/v1/tenants/")
        && path.endsWith("/usage")) {
      TenantState tenant =
          tenants.existing(
              path.substring("/v1/tenants/".length(), path.length() - "/usage".length()));
      if (tenant == null) {
        Response.writeError(request, response, callback, HttpStatus.NOT_FOUND_404);
        return true;
      }
      respond(response, callback, HttpStatus.OK_200, tenant.summaryJson());
      return true;
    }
    return false;
  }

  private static void respond(Response response, Callback callback, int status, String json) {
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
    Content.Sink.write(response, true, json, callback);
  }
}
