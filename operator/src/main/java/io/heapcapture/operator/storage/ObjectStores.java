package io.heapcapture.operator.storage;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * One {@link ObjectStore} per distinct connection, kept for reuse. Bounded, so rotated credentials
 * do not pile up clients; an evicted store is closed.
 */
public final class ObjectStores implements AutoCloseable {
  private static final int MAX_STORES = 32;

  private final Function<StorageConnection, ObjectStore> connector;
  private final Map<StorageConnection, ObjectStore> stores =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<StorageConnection, ObjectStore> eldest) {
          if (size() > MAX_STORES) {
            eldest.getValue().close();
            return true;
          }
          return false;
        }
      };

  public ObjectStores(Function<StorageConnection, ObjectStore> connector) {
    this.connector = connector;
  }

  public synchronized ObjectStore forConnection(StorageConnection connection) {
    return stores.computeIfAbsent(connection, connector);
  }

  @Override
  public synchronized void close() {
    stores.values().forEach(ObjectStore::close);
    stores.clear();
  }
}
