package io.heapcapture.corpus.framework.metering;

import java.time.Instant;
import java.util.Map;

/** One metered use of the API by a tenant: what accumulates in {@link TenantState#usageLog}. */
public final class UsageRecord {
  private final String requestId;
  private final String meter;
  private final long quantity;
  private final Instant recordedAt;
  private final String clientAddress;
  private final String country;
  private final Map<String, String> attributes;

  public UsageRecord(
      String requestId,
      String meter,
      long quantity,
      Instant recordedAt,
      String clientAddress,
      String country,
      Map<String, String> attributes) {
    this.requestId = requestId;
    this.meter = meter;
    this.quantity = quantity;
    this.recordedAt = recordedAt;
    this.clientAddress = clientAddress;
    this.country = country;
    this.attributes = attributes;
  }

  public String requestId() {
    return requestId;
  }

  public String meter() {
    return meter;
  }

  public long quantity() {
    return quantity;
  }

  public Instant recordedAt() {
    return recordedAt;
  }

  public String clientAddress() {
    return clientAddress;
  }

  public String country() {
    return country;
  }

  public Map<String, String> attributes() {
    return attributes;
  }
}
