package io.heapcapture.analyzer.report;

import java.util.List;

/**
 * What grew between two dumps of the same workload.
 *
 * @param baselineShallowBytes total shallow bytes of the baseline
 * @param currentShallowBytes total shallow bytes now
 * @param classes per-class growth, largest growth in bytes first, bounded
 * @param retainers growth of the current top retainers, largest first
 */
public record HeapDiffReport(
    long baselineShallowBytes,
    long currentShallowBytes,
    List<ClassGrowth> classes,
    List<RetainerGrowth> retainers) {
  public HeapDiffReport {
    classes = List.copyOf(classes);
    retainers = List.copyOf(retainers);
  }
}
