package io.heapcapture.corpus.framework.metering;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The tenants the service meters: a few dozen, created on their first request. */
public final class TenantRegistry {
  private final Map<String, TenantState> tenants = new ConcurrentHashMap<>();

  public TenantState tenant(String tenantId) {
    return tenants.computeIfAbsent(
        tenantId, id -> new TenantState(id, id.hashCode() % 3 == 0 ? "enterprise" : "team"));
  }

  public TenantState existing(String tenantId) {
    return tenants.get(tenantId);
  }

  public Collection<TenantState> all() {
    return tenants.values();
  }
}
