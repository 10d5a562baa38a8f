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

  /** An application class must hold this share of what accumulates to name it. */
  private static final double NAMING_SHARE = 0.05;

  private static final int MAX_NAMING_DEPTH = 8;

  /** A class loader that holds this share of what accumulates is named for it. */
  private static final double LOADER_SHARE = 0.5;

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
    for (Accumulations.Accumulation a : accumulations.find()) {
      LeakSuspect s = suspect(heap, accumulations, a, baseline != null);
      // The same objects reached on two paths (a loader's classes from its loader and from their
      // instances) are one suspect: the one that grew most, found first.
      if (named.add(s.className() + ' ' + s.instances())) {
        suspects.add(s);
      }
    }
    suspects.sort(
        Comparator.comparing((LeakSuspect s) -> !s.confidence().equals(LeakSuspect.HIGH))
            .thenComparing(Comparator.comparingLong(LeakSuspect::growthBytes).reversed())
            .thenComparing(Comparator.comparingLong(LeakSuspect::retainedBytes).reversed()));
    List<LeakSuspect> ranked = new ArrayList<>();
    for (LeakSuspect s : suspects.subList(0, Math.min(maxSuspects, suspects.size()))) {
      ranked.add(
          new LeakSuspect(
              ranked.size() + 1,
              s.confidence(),
              s.className(),
              s.instances(),
              s.instancesGrowth(),
              s.collectionClass(),
              s.collections(),
              s.holder(),
              s.retainedBytes(),
              s.heapShare(),
              s.growthBytes(),
              s.path(),
              s.sentence()));
    }
    return ranked;
  }

  private LeakSuspect suspect(
      ShapeTotals heap, Accumulations growth, Accumulations.Accumulation a, boolean hasBaseline) {
    PathShapes shapes = heap.shapes();
    List<PathShapes.Step> steps =
        a.point() == ShapeTotals.ROOTS ? List.of() : shapes.steps(a.point());
    // The collection is the accumulation point, or the object whose array it is; the holder is
    // the last reference on the way to it from an object that is no collection's.
    int collection = steps.size() - 1;
    if (collection > 0
        && steps.get(collection).heapClass().name().endsWith("[]")
        && isCollectionStep(steps.get(collection - 1))
        && !steps.get(collection - 1).reference().startsWith("[")) {
      collection--;
    }
    int from = collection;
    while (from > 0 && isCollectionStep(steps.get(from - 1))) {
      from--;
    }
    String holder =
        collection <= 0
            ? "a GC root"
            : steps.subList(Math.max(0, from - 1), collection).stream()
                .map(PathShapes.Step::render)
                .collect(Collectors.joining(" → "));
    long retained =
        a.elements().length == 0
            ? heap.retained(a.point())
            : growth.sum(a.elements(), e -> heap.places().retained(heap.place(e)));
    long reachable = Math.max(1, heap.reachable());
    double share = (double) retained / reachable;
    long grew = hasBaseline ? a.growth() : 0;
    long before =
        a.elements().length == 0
            ? growth.before(a.point())
            : growth.sum(a.elements(), growth::before);
    boolean high =
        hasBaseline
            && grew >= Math.max(MIN_GROWTH_BYTES, HIGH_GROWTH_SHARE * reachable)
            && grew >= HIGH_GROWTH_OF_ITSELF * before;
    String path =
        steps.isEmpty()
            ? "(GC roots)"
            : steps.stream().map(PathShapes.Step::render).collect(Collectors.joining(" → "));
    if (a.elements().length == 0) {
      String className = steps.get(steps.size() - 1).heapClass().name();
      long count = growth.count(a.point());
      return new LeakSuspect(
          0,
          high ? LeakSuspect.HIGH : LeakSuspect.LOW,
          className,
          count,
          hasBaseline ? count - growth.countBefore(a.point()) : 0,
          className,
          count,
          holder,
          retained,
          share,
          grew,
          path,
          Sentences.grown(count, className, holder, retained, share, hasBaseline ? grew : null));
    }
    int named = accumulating(heap, growth, a.elements());
    String className = shapes.heapClass(named).name();
    long instances = growth.count(named);
    long added = instances - growth.countBefore(named);
    String collectionClass = steps.isEmpty() ? null : steps.get(collection).heapClass().name();
    long collections =
        steps.isEmpty() ? 1 : growth.count(shapeAt(shapes, a.point(), steps, collection));
    return new LeakSuspect(
        0,
        high ? LeakSuspect.HIGH : LeakSuspect.LOW,
        className,
        instances,
        hasBaseline ? added : 0,
        collectionClass,
        collections,
        holder,
        retained,
        share,
        grew,
        path,
        Sentences.accumulation(
            instances,
            hasBaseline ? added : null,
            className,
            collections,
            collectionClass,
            holder,
            retained,
            share,
            hasBaseline ? grew : null));
  }

  /**
   * The class to name for what accumulates: below the elements, through the collections' own
   * objects (entries, nodes, arrays, closures), the application class that holds the most of the
   * growth; else the runtime class (String, byte[]) that does; else the elements' own class.
   */
  private static int accumulating(ShapeTotals heap, Accumulations growth, int[] elements) {
    long total = 0;
    for (int e : elements) {
      total += Math.max(0, growth.growth(e));
    }
    int application = -1;
    int platform = -1;
    BitSet seen = new BitSet(heap.shapeCount());
    List<Integer> frontier = new ArrayList<>();
    for (int e : elements) {
      frontier.add(e);
      seen.set(e);
    }
    for (int depth = 0; depth < MAX_NAMING_DEPTH && !frontier.isEmpty(); depth++) {
      List<Integer> next = new ArrayList<>();
      for (int shape : frontier) {
        String name = heap.shapes().heapClass(shape).name();
        long weight = growth.growth(shape);
        if (ClassRoles.isContainer(name)) {
          for (int child : heap.children(shape)) {
            if (!seen.get(child) && growth.growth(child) > 0) {
              seen.set(child);
              next.add(child);
            }
          }
        } else if (ClassRoles.isApplication(name)) {
          if (weight >= NAMING_SHARE * total
              && (application < 0 || weight > growth.growth(application))) {
            application = shape;
          }
        } else if (platform < 0 || weight > growth.growth(platform)) {
          platform = shape;
        }
      }
      frontier = next;
    }
    int loader = leakedLoader(heap, growth, elements, total);
    if (loader >= 0) {
      return loader;
    }
    return application >= 0 ? application : platform >= 0 ? platform : elements[0];
  }

  /**
   * A class loader below the elements that holds most of their growth: then loaders are what leaks
   * (each old one with all its classes and their statics), whatever object pins them.
   */
  private static int leakedLoader(
      ShapeTotals heap, Accumulations growth, int[] elements, long total) {
    List<Integer> frontier = new ArrayList<>();
    for (int e : elements) {
      frontier.add(e);
    }
    BitSet seen = new BitSet(heap.shapeCount());
    for (int depth = 0; depth < 2 * MAX_NAMING_DEPTH && !frontier.isEmpty(); depth++) {
      List<Integer> next = new ArrayList<>();
      for (int shape : frontier) {
        if (heap.shapes().classLoader(shape)) {
          return shape;
        }
        for (int child : heap.children(shape)) {
          if (!seen.get(child) && growth.growth(child) >= LOADER_SHARE * total) {
            seen.set(child);
            next.add(child);
          }
        }
      }
      frontier = next;
    }
    return -1;
  }

  /** Whether a step is inside a collection: a collection's object holding the next. */
  private static boolean isCollectionStep(PathShapes.Step step) {
    return !step.classObject() && ClassRoles.isContainer(step.heapClass().name());
  }

  /** The shape of step {@code at} of the steps to {@code point}. */
  private static int shapeAt(PathShapes shapes, int point, List<PathShapes.Step> steps, int at) {
    int shape = point;
    for (int i = steps.size() - 1; i > at; i--) {
      shape = shapes.parent(shape);
    }
    return shape;
  }
}
