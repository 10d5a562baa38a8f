package io.heapcapture.corpus.jvm.monitoring;

/** The last N log events, preallocated slots overwritten in turn (as a Disruptor ring does). */
public final class LogEventRingBuffer {
  private final LogEvent[] slots;
  private long sequence;

  LogEventRingBuffer(int capacity) {
    slots = new LogEvent[capacity];
    for (int i = 0; i < capacity; i++) {
      slots[i] = new LogEvent();
    }
  }

  synchronized void publish(long at, String level, String logger, String message, String traceId) {
    slots[(int) (sequence++ % slots.length)].set(at, level, logger, message, traceId);
  }

  synchronized long published() {
    return sequence;
  }

  int capacity() {
    return slots.length;
  }
}
