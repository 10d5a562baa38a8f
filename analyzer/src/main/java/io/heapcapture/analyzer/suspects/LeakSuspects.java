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
      Named what =
          a.elements().length == 0 ? null : accumulating(heap, accumulations, a.elements());
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
      Named named,
      boolean hasBaseline) {
    PathShapes shapes = heap.shapes();
    boolean grewItself = a.elements().length == 0;
    long retained =
        grewItself
            ? heap.retained(a.point())
            : growth.sum(a.elements(), e -> heap.places().retained(heap.place(e)));
    long reachable = Math.max(1, heap.reachable());
    double share = (double) retained / reachable;
    long grew = hasBaseline ? a.growth() : 0;
    long before = grewItself ? growth.before(a.point()) : growth.sum(a.elements(), growth::before);
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

  /** The class named for an accumulation, and the element shape it was found in. */
  private record Named(int shape, int element) {}

  /**
   * The collection that holds an object and the reference that holds the collection, read on the
   * object's path: back over the collections' own objects (the run of container steps before it) to
   * the last reference from an object that is no collection's.
   *
   * @param collectionShape the collection's shape, or -1 when the GC roots hold the objects
   * @param collectionClass its class, or null
   * @param holder that reference and those after it up to the collection, e.g. {@code static
   *     com.example.Cache.SESSIONS}; {@code a GC root} when a root is, or holds, the collection
   */
  private record Holding(int collectionShape, String collectionClass, String holder) {
    static final Holding ROOTS = new Holding(-1, null, "a GC root");

    /** Reads the holding of the steps before index {@code end} of the path to {@code shape}. */
    static Holding of(PathShapes shapes, int shape, int end) {
      List<PathShapes.Step> steps = shapes.steps(shape);
      int from = end;
      while (from > 0 && ClassRoles.isCollectionStep(steps.get(from - 1))) {
        from--;
      }
      // The collection is the innermost one held by a field that is not an array: the list, not
      // its array; the map, not its entry.
      int collection = -1;
      for (int i = end - 1; i >= from && collection < 0; i--) {
        boolean byField = i == 0 || !steps.get(i - 1).reference().startsWith("[");
        if (byField && !steps.get(i).heapClass().name().endsWith("[]")) {
          collection = i;
        }
      }
      if (collection < 0) {
        collection = from < end ? end - 1 : end; // arrays only; or no collection but the object
      }
      String holder =
          collection == 0
              ? "a GC root"
              : steps.subList(Math.max(0, from - 1), collection).stream()
                  .map(PathShapes.Step::render)
                  .collect(Collectors.joining(" → "));
      int collectionShape = shape;
      for (int i = steps.size() - 1; i > collection; i--) {
        collectionShape = shapes.parent(collectionShape);
      }
      return new Holding(collectionShape, steps.get(collection).heapClass().name(), holder);
    }
  }

  /**
   * The class to name for what accumulates: a class loader that holds most of the growth below the
   * elements (a class-loader leak); else, below the elements, through the collections' own objects
   * (entries, nodes, arrays, closures) and frameworks' wrappers (an event bus's consumer that wraps
   * the application's handler), the application's own class that holds the most of the growth; else
   * the framework class that does, preferring objects that a collection holds (the meters of a
   * registry's map) to their parts (their tags); else the runtime class (String, byte[]) that does;
   * else the largest element.
   */
  private static Named accumulating(ShapeTotals heap, Accumulations growth, int[] elements) {
    long total = growth.sum(elements, e -> Math.max(0, growth.growth(e)));
    Named loader = leakedLoader(heap, growth, elements, total);
    if (loader != null) {
      return loader;
    }
    PathShapes shapes = heap.shapes();
    Named own = null;
    Named member = null;
    Named framework = null;
    Named platform = null;
    BitSet seen = new BitSet(heap.shapeCount());
    List<Named> frontier = new ArrayList<>();
    for (int e : elements) {
      frontier.add(new Named(e, e));
      seen.set(e);
    }
    for (int depth = 0; depth < MAX_NAMING_DEPTH && !frontier.isEmpty(); depth++) {
      List<Named> next = new ArrayList<>();
      for (Named at : frontier) {
        String name = shapes.heapClass(at.shape()).name();
        long weight = growth.growth(at.shape());
        boolean container = ClassRoles.isContainer(name);
        boolean application = !container && ClassRoles.isApplication(name);
        boolean frameworks = application && ClassRoles.isFramework(name);
        if (application && weight >= NAMING_SHARE * total) {
          if (!frameworks) {
            own = heavier(growth, own, at);
          } else {
            int parent = shapes.parent(at.shape());
            boolean held =
                parent != PathShapes.NONE
                    && !shapes.classObject(parent)
                    && ClassRoles.isContainer(shapes.heapClass(parent).name());
            if (held) {
              member = heavier(growth, member, at);
            }
            framework = heavier(growth, framework, at);
          }
        } else if (!container && !application) {
          platform = heavier(growth, platform, at);
        }
        // Through collections, closures and frameworks' wrappers to the application's own class.
        if (container || frameworks) {
          for (int child : heap.children(at.shape())) {
            if (!seen.get(child) && growth.growth(child) > 0) {
              seen.set(child);
              next.add(new Named(child, at.element()));
            }
          }
        }
      }
      frontier = next;
    }
    for (Named best : new Named[] {own, member, framework, platform}) {
      if (best != null) {
        return best;
      }
    }
    return new Named(elements[0], elements[0]);
  }

  private static Named heavier(Accumulations growth, Named best, Named candidate) {
    return best == null || growth.growth(candidate.shape()) > growth.growth(best.shape())
        ? candidate
        : best;
  }

  /**
   * A class loader below the elements that holds most of their growth: then loaders are what leaks
   * (each old one with all its classes and their statics), whatever object pins them.
   */
  private static Named leakedLoader(
      ShapeTotals heap, Accumulations growth, int[] elements, long total) {
    List<Named> frontier = new ArrayList<>();
    for (int e : elements) {
      frontier.add(new Named(e, e));
    }
    BitSet seen = new BitSet(heap.shapeCount());
    for (int depth = 0; depth < 2 * MAX_NAMING_DEPTH && !frontier.isEmpty(); depth++) {
      List<Named> next = new ArrayList<>();
      for (Named at : frontier) {
        if (heap.shapes().classLoader(at.shape())) {
          return at;
        }
        for (int child : heap.children(at.shape())) {
          if (!seen.get(child) && growth.growth(child) >= LOADER_SHARE * total) {
            seen.set(child);
            next.add(new Named(child, at.element()));
          }
        }
      }
      frontier = next;
    }
    return null;
  }
}
