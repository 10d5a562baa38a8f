package io.heapcapture.corpus.jvm.pluginhost;

import java.util.ArrayList;
import java.util.List;

/** The host's tenants with their report settings: large, loaded once. */
public final class TenantDirectory {
  /** One tenant's settings. */
  public record Tenant(
      String id,
      String name,
      String timeZone,
      byte[] brandingAssets,
      List<String> enabledReports) {}

  private final List<Tenant> tenants = new ArrayList<>();

  TenantDirectory(int count) {
    for (int i = 0; i < count; i++) {
      tenants.add(
          new Tenant(
              "tenant-" + i,
              "Tenant " + i + " GmbH",
              i % 2 == 0 ? "Europe/Berlin" : "America/New_York",
              new byte[12_000],
              List.of("revenue", "churn", "usage-" + i % 10)));
    }
  }

  public Tenant tenant(int i) {
    return tenants.get(Math.floorMod(i, tenants.size()));
  }
}
