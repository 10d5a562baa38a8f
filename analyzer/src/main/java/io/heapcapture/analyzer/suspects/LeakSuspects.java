package io.heapcapture.analyzer.suspects;

import io.heapcapture.analyzer.report.HeapDiffReport;
import io.heapcapture.analyzer.report.HeapSummary;
import io.heapcapture.analyzer.report.LeakSuspect;
import io.heapcapture.analyzer.report.Retainer;
import io.heapcapture.analyzer.report.RetainerGrowth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Ranks the top retainers as leak suspects. A retainer's score is its share of the reachable heap,
 * doubled by the share of the heap's growth it accounts for: a big object that does not grow is
 * probably a cache doing its job; one that holds most of the growth is the leak.
 */
public final class LeakSuspects {
  /** Retainers below this share of the heap are not worth a person's attention. */
  static final double MIN_SHARE = 0.05;

  private final int maxSuspects;

  public LeakSuspects(int maxSuspects) {
    this.maxSuspects = maxSuspects;
  }

  /** Ranks {@code heap}'s retainers; {@code baseline} and {@code diff} are null without one. */
  public List<LeakSuspect> rank(HeapSummary heap, HeapSummary baseline, HeapDiffReport diff) {
    Map<String, Long> growth = new HashMap<>();
    Map<String, Long> before = new HashMap<>();
    long heapGrowth = 0;
    if (diff != null) {
      for (RetainerGrowth g : diff.retainers()) {
        growth.put(g.retainer().signature(), g.retainedDelta());
        before.put(g.retainer().signature(), g.retainedBefore());
      }
      heapGrowth = Math.max(0, diff.currentShallowBytes() - diff.baselineShallowBytes());
    }
    long reachable = Math.max(1, heap.reachableBytes());
    List<Scored> scored = new ArrayList<>();
    for (Retainer r : heap.topRetainers()) {
      double share = (double) r.retainedBytes() / reachable;
      long grew = growth.getOrDefault(r.signature(), 0L);
      double growthShare =
          heapGrowth > 0 ? Math.max(0, Math.min(1, (double) grew / heapGrowth)) : 0;
      if (share < MIN_SHARE && growthShare < MIN_SHARE) {
        continue;
      }
      scored.add(new Scored(r, share, grew, share * (1 + growthShare)));
    }
    scored.sort(Comparator.comparingDouble(Scored::score).reversed());
    List<LeakSuspect> suspects = new ArrayList<>();
    for (Scored s : scored.subList(0, Math.min(maxSuspects, scored.size()))) {
      suspects.add(
          new LeakSuspect(
              suspects.size() + 1,
              s.retainer().className(),
              s.retainer().retainedBytes(),
              s.share(),
              s.growth(),
              s.retainer().holderText(),
              Sentences.suspect(
                  s.retainer(),
                  s.share(),
                  baseline == null
                      ? null
                      : (double) before.getOrDefault(s.retainer().signature(), 0L)
                          / Math.max(1, baseline.reachableBytes()),
                  diff == null ? null : s.growth())));
    }
    return suspects;
  }

  private record Scored(Retainer retainer, double share, long growth, double score) {}
}
