package io.heapcapture.analyzer.diff;

import io.heapcapture.analyzer.report.ClassGrowth;
import io.heapcapture.analyzer.report.ClassStats;
import io.heapcapture.analyzer.report.HeapDiffReport;
import io.heapcapture.analyzer.report.HeapSummary;
import io.heapcapture.analyzer.report.Retainer;
import io.heapcapture.analyzer.report.RetainerGrowth;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What grew between two dumps. Object ids are addresses that a GC moves, so classes are matched by
 * name and loader and retainers by the shape of their path from a GC root.
 */
public final class HeapDiff {
  private final int maxRows;

  public HeapDiff(int maxRows) {
    this.maxRows = maxRows;
  }

  public HeapDiffReport between(HeapSummary baseline, HeapSummary current) {
    Map<String, ClassStats> before = new HashMap<>();
    baseline.classes().forEach(c -> before.put(c.key(), c));
    Set<String> seen = new HashSet<>();
    List<ClassGrowth> growth = new java.util.ArrayList<>();
    for (ClassStats now : current.classes()) {
      seen.add(now.key());
      growth.add(growthOf(before.get(now.key()), now));
    }
    for (ClassStats gone : baseline.classes()) {
      if (!seen.contains(gone.key())) {
        growth.add(
            new ClassGrowth(
                gone.className(),
                gone.loader(),
                gone.instances(),
                0,
                gone.shallowBytes(),
                0,
                gone.retainedBytes(),
                gone.retainedBytes() < 0 ? -1 : 0));
      }
    }
    growth.sort(
        Comparator.comparingLong(ClassGrowth::bytesDelta)
            .reversed()
            .thenComparing(Comparator.comparingLong(ClassGrowth::instancesDelta).reversed())
            .thenComparing(ClassGrowth::className));

    Map<String, Long> retainedBefore = new HashMap<>();
    for (Retainer r : baseline.topRetainers()) {
      retainedBefore.merge(r.signature(), r.retainedBytes(), Math::max);
    }
    List<RetainerGrowth> retainers =
        current.topRetainers().stream()
            .map(r -> new RetainerGrowth(r, retainedBefore.getOrDefault(r.signature(), 0L)))
            .sorted(Comparator.comparingLong(RetainerGrowth::retainedDelta).reversed())
            .limit(maxRows)
            .toList();
    return new HeapDiffReport(
        baseline.shallowBytes(),
        current.shallowBytes(),
        growth.subList(0, Math.min(maxRows, growth.size())),
        retainers);
  }

  private static ClassGrowth growthOf(ClassStats before, ClassStats now) {
    if (before == null) {
      return new ClassGrowth(
          now.className(),
          now.loader(),
          0,
          now.instances(),
          0,
          now.shallowBytes(),
          now.retainedBytes() < 0 ? -1 : 0,
          now.retainedBytes());
    }
    return new ClassGrowth(
        now.className(),
        now.loader(),
        before.instances(),
        now.instances(),
        before.shallowBytes(),
        now.shallowBytes(),
        before.retainedBytes(),
        now.retainedBytes());
  }
}
