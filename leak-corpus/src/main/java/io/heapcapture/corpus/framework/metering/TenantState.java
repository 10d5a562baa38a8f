package io.heapcapture.corpus.framework.metering;

import java.util.ArrayList;
import java.util.List;

/**
 * What the metering service keeps per tenant. <b>The leak</b>: {@link #usageLog} was meant as a
 * buffer between the HTTP handler and the {@link BillingExporter}, but the exporter only advances
 * {@link #exportedUpTo} and never drops what it has exported, so every record ever received stays.
 */
public final class TenantState {
  private final String tenantId;
  private final String plan;
  private final List<UsageRecord> usageLog = new ArrayList<>();
  private int exportedUpTo;
  private long totalQuantity;

  public TenantState(String tenantId, String plan) {
    this.tenantId = tenantId;
    this.plan = plan;
  }

  public synchronized void append(List<UsageRecord> records) {
    usageLog.addAll(records);
    for (UsageRecord r : records) {
      totalQuantity += r.quantity();
    }
  }

  /** The records not exported yet; marks them exported. */
  public synchronized List<UsageRecord> takeUnexported() {
    List<UsageRecord> pending = List.copyOf(usageLog.subList(exportedUpTo, usageLog.size()));
    exportedUpTo = usageLog.size();
    return pending;
  }

  public synchronized String summaryJson() {
    return "{\"tenant\":\""
        + tenantId
        + "\",\"plan\":\""
        + plan
        + "\",\"records\":"
        + usageLog.size()
        + ",\"exported\":"
        + exportedUpTo
        + ",\"totalQuantity\":"
        + totalQuantity
        + "}";
  }

  public synchronized int records() {
    return usageLog.size();
  }
}
