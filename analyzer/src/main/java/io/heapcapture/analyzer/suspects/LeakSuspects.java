package io.heapcapture.analyzer.suspects;

import io.heapcapture.analyzer.graph.DominatorTree;
import io.heapcapture.analyzer.graph.GcRootPaths;
import io.heapcapture.analyzer.graph.PathShapes;
import io.heapcapture.analyzer.graph.RetainedSizes;
import io.heapcapture.analyzer.report.LeakSuspect;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Names the leak suspects of a heap: where memory accumulates ({@link Accumulations}), what
 * accumulates there, and which field holds it; see docs/analysis-report.md for the rules.
 *
 * <p>With a baseline (the {@link BaselineShapes} of an earlier dump of the same program), growth
 * makes a suspect: it must have grown by at least 0.5% of the reachable heap (and 64 KiB) to be
 * listed, and its confidence is high when it grew by at least 2% of the heap and 10% of its own
 * earlier size. Without a baseline nothing can be shown to leak: the suspects are the largest
 * accumulations (at least 5% of the heap), all of low confidence.
 */
public final class LeakSuspects {
  static final double MIN_SHARE = 0.05;
  static final double MIN_GROWTH_SHARE = 0.005;
  static final double HIGH_GROWTH_SHARE = 0.02;
  static final double HIGH_GROWTH_OF_ITSELF = 0.10;
  static final long MIN_GROWTH_BYTES = 64 * 1024;

  private final int maxSuspects;

  public LeakSuspects(int maxSuspects) {
    this.maxSuspects = maxSuspects;
  }

  /** What the suspects of a later dump are measured against. */
  public static BaselineShapes baseline(
      GcRootPaths paths, DominatorTree tree, RetainedSizes sizes) {
    return BaselineShapes.of(ShapeTotals.of(paths.shapes(), tree, sizes));
  }

  /** The suspects of a heap, most likely first; {@code baseline} is null without one. */
  public List<LeakSuspect> find(
      GcRootPaths paths, DominatorTree tree, RetainedSizes sizes, BaselineShapes baseline) {
    ShapeTotals heap = ShapeTotals.of(paths.shapes(), tree, sizes);
    long reachable = Math.max(1, heap.reachable());
    long minGrowth =
        baseline == null
            ? (long) (MIN_SHARE * reachable)
            : Math.max(MIN_GROWTH_BYTES, (long) (MIN_GROWTH_SHARE * reachable));
    Accumulations accumulations = new Accumulations(heap, baseline, minGrowth);
    List<LeakSuspect> suspects = new ArrayList<>();
    java.util.Set<String> named = new java.util.HashSet<>();
    BitSet accumulating = new BitSet(heap.shapeCount());
    for (Accumulations.Accumulation a : accumulations.find()) {
      // Growth inside what an earlier (larger) suspect accumulates is part of that leak: the
      // strings that the leaking results share among themselves, say.
      if (inside(heap.shapes(), a.point(), accumulating)
          || (a.elements().length > 0
              && java.util.Arrays.stream(a.elements())
                  .allMatch(e -> inside(heap.shapes(), e, accumulating)))) {
        continue;
      }
      AccumulatingClass what =
          a.elements().length == 0 ? null : AccumulatingClass.of(heap, accumulations, a.elements());
      LeakSuspect s = suspect(paths, heap, accumulations, a, what, baseline != null);
      // The same objects reached on two paths (a loader's classes from its loader and from their
      // instances), or the same collection seen through its entries and through its values, are
      // one suspect: the one that grew most, found first.
      boolean sameObjects = !named.add(s.className() + ' ' + s.instances());
      boolean sameCollection = !named.add(s.holder() + " > " + s.collectionClass());
      if (!sameObjects && !sameCollection) {
        suspects.add(s);
        for (int e : a.elements()) {
          accumulating.set(e);
        }
        if (what != null) {
          accumulating.set(what.shape());
        }
      }
    }
    suspects.sort(
        Comparator.comparing((LeakSuspect s) -> !s.confidence().equals(LeakSuspect.HIGH))
            .thenComparing(Comparator.comparingLong(LeakSuspect::growthBytes).reversed())
            .thenComparing(Comparator.comparingLong(LeakSuspect::retainedBytes).reversed()));
    List<LeakSuspect> ranked = new ArrayList<>();
    for (LeakSuspect s : suspects.subList(0, Math.min(maxSuspects, suspects.size()))) {
      ranked.add(s.withRank(ranked.size() + 1));
    }
    return ranked;
  }

  /** Whether the shape is, or lies on a path through, one of the marked shapes. */
  private static boolean inside(PathShapes shapes, int shape, BitSet marked) {
    for (int s = shape; s >= 0; s = shapes.parent(s)) {
      if (marked.get(s)) {
        return true;
      }
    }
    return false;
  }

  private LeakSuspect suspect(
      GcRootPaths paths,
      ShapeTotals heap,
      Accumulations growth,
      Accumulations.Accumulation a,
      AccumulatingClass named,
      boolean hasBaseline) {
    PathShapes shapes = heap.shapes();
    boolean grewItself = a.elements().length == 0;
    long retained =
        grewItself ? heap.retained(a.point()) : Accumulations.sum(a.elements(), heap::retained);
    long reachable = Math.max(1, heap.reachable());
    double share = (double) retained / reachable;
    long grew = hasBaseline ? a.growth() : 0;
    long before =
        grewItself ? growth.before(a.point()) : Accumulations.sum(a.elements(), growth::before);
    String confidence =
        hasBaseline
                && grew >= Math.max(MIN_GROWTH_BYTES, HIGH_GROWTH_SHARE * reachable)
                && grew >= HIGH_GROWTH_OF_ITSELF * before
            ? LeakSuspect.HIGH
            : LeakSuspect.LOW;
    List<PathShapes.Step> pointSteps =
        a.point() == ShapeTotals.ROOTS ? List.of() : shapes.steps(a.point());
    String path =
        pointSteps.isEmpty()
            ? "(GC roots)"
            : pointSteps.stream().map(PathShapes.Step::render).collect(Collectors.joining(" → "));
    if (grewItself) {
      Holding holding = Holding.of(shapes, a.point(), pointSteps.size() - 1);
      String className = shapes.heapClass(a.point()).name();
      long count = growth.count(a.point());
      return new LeakSuspect(
          0,
          confidence,
          className,
          count,
          hasBaseline ? count - growth.countBefore(a.point()) : 0,
          className,
          count,
          holding.holder(),
          List.of(),
          retained,
          share,
          grew,
          path,
          Sentences.grown(
              count, className, holding.holder(), retained, share, hasBaseline ? grew : null));
    }
    String className = shapes.heapClass(named.shape()).name();
    long instances = growth.count(named.shape());
    long added = instances - growth.countBefore(named.shape());
    // Who holds them is read on the path of the element they were found in: the collection it is
    // in, and the reference from outside any collection that holds that collection.
    Holding holding =
        shapes.parent(named.element()) == PathShapes.NONE
            ? Holding.ROOTS
            : Holding.of(shapes, named.element(), shapes.steps(named.element()).size() - 1);
    List<String> others = OtherHolders.of(paths.graph(), shapes, named.element(), holding.holder());
    return new LeakSuspect(
        0,
        confidence,
        className,
        instances,
        hasBaseline ? added : 0,
        holding.collectionClass(),
        holding.collectionShape() < 0 ? 1 : growth.count(holding.collectionShape()),
        holding.holder(),
        others,
        retained,
        share,
        grew,
        path,
        Sentences.accumulation(
            instances,
            hasBaseline ? added : null,
            className,
            holding.collectionShape() < 0 ? 1 : growth.count(holding.collectionShape()),
            holding.collectionClass(),
            holding.holder(),
            others,
            retained,
            share,
            hasBaseline ? grew : null));
  }
}
