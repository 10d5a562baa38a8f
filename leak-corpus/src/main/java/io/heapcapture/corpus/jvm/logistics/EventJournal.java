package io.heapcapture.corpus.jvm.logistics;

import java.util.ArrayList;
import java.util.List;

/**
 * Buffers tracking events until the warehouse database takes them. The bug: after a failover the
 * flush fails every time and the events are kept "for retry", without a bound.
 */
public final class EventJournal {
  private final List<ShipmentEvent> pendingEvents = new ArrayList<>();
  private volatile boolean warehouseAvailable = true;
  private long flushed;

  synchronized void append(ShipmentEvent event) {
    pendingEvents.add(event);
  }

  synchronized void flush() {
    if (!warehouseAvailable) {
      return; // retried next time; nothing is dropped
    }
    flushed += pendingEvents.size();
    pendingEvents.clear();
  }

  void failover() {
    warehouseAvailable = false;
  }

  synchronized int pending() {
    return pendingEvents.size();
  }

  synchronized long flushed() {
    return flushed;
  }
}
