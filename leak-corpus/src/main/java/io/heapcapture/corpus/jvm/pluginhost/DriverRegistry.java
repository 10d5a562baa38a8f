package io.heapcapture.corpus.jvm.pluginhost;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The host-wide registry of data-source drivers, in the style of {@code java.sql.DriverManager}:
 * static, loaded by the host's class loader, and so outliving every plugin that registers in it.
 */
public final class DriverRegistry {
  private static final List<DataSourceDriver> registeredDrivers = new CopyOnWriteArrayList<>();

  private DriverRegistry() {}

  public static void register(DataSourceDriver driver) {
    registeredDrivers.add(driver);
  }

  public static void deregister(DataSourceDriver driver) {
    registeredDrivers.remove(driver);
  }

  static int size() {
    return registeredDrivers.size();
  }
}
