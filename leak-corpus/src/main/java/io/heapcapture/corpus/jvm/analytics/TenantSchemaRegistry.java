package io.heapcapture.corpus.jvm.analytics;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Every tenant's schema, loaded at start-up from the catalogue database. */
public final class TenantSchemaRegistry {
  private final Map<String, TenantSchema> schemas = new ConcurrentHashMap<>();

  TenantSchemaRegistry(int tenants, int tablesPerTenant) {
    for (int t = 0; t < tenants; t++) {
      Map<String, List<String>> tables = new HashMap<>();
      for (int i = 0; i < tablesPerTenant; i++) {
        List<String> columns = new ArrayList<>();
        for (int c = 0; c < 12; c++) {
          columns.add("t" + t + "_events_" + i + "_col_" + c);
        }
        tables.put("events_" + i, columns);
      }
      schemas.put("tenant-" + t, new TenantSchema("tenant-" + t, tables));
    }
  }

  TenantSchema find(String tenantId) {
    return schemas.get(tenantId);
  }
}
