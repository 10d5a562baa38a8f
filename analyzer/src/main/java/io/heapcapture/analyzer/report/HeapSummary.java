package io.heapcapture.analyzer.report;

import java.util.List;

/**
 * What one heap holds: totals, the classes (largest first) and the top retainers.
 *
 * @param format {@code HPROF} or {@code V8_HEAP_SNAPSHOT}
 * @param objects number of objects in the dump
 * @param shallowBytes sum of all shallow sizes
 * @param reachableBytes shallow bytes of the objects reachable from GC roots
 * @param classes per-class statistics, largest retained (else shallow) first, bounded
 * @param topRetainers the objects retaining the most, largest first, bounded
 */
public record HeapSummary(
    String format,
    long objects,
    long shallowBytes,
    long reachableBytes,
    List<ClassStats> classes,
    List<Retainer> topRetainers) {
  public HeapSummary {
    classes = List.copyOf(classes);
    topRetainers = List.copyOf(topRetainers);
  }
}
