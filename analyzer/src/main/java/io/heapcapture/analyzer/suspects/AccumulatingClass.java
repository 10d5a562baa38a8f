package io.heapcapture.analyzer.suspects;

import io.heapcapture.analyzer.graph.PathShapes;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * The class a suspect is named for, and the element shape it was found in (whose path tells who
 * holds it).
 *
 * @param shape the shape of the named class's objects
 * @param element the element of the accumulation it was found below
 */
record AccumulatingClass(int shape, int element) {
  /** An application class must hold this share of what accumulates to name it. */
  private static final double NAMING_SHARE = 0.05;

  private static final int MAX_NAMING_DEPTH = 8;

  /** A class loader that holds this share of what accumulates is named for it. */
  private static final double LOADER_SHARE = 0.5;

  /**
   * The class to name for what accumulates: a class loader that holds most of the growth below the
   * elements (a class-loader leak); else, below the elements, through the collections' own objects
   * (entries, nodes, arrays, closures) and frameworks' wrappers (an event bus's consumer that wraps
   * the application's handler), the application's own class that holds the most of the growth; else
   * the framework class that does, preferring objects that a collection holds (the meters of a
   * registry's map) to their parts (their tags); else the runtime class (String, byte[]) that does;
   * else the largest element.
   */
  static AccumulatingClass of(ShapeTotals heap, Accumulations growth, int[] elements) {
    long total = Accumulations.sum(elements, e -> Math.max(0, growth.growth(e)));
    AccumulatingClass loader = leakedLoader(heap, growth, elements, total);
    if (loader != null) {
      return loader;
    }
    PathShapes shapes = heap.shapes();
    AccumulatingClass own = null;
    AccumulatingClass member = null;
    AccumulatingClass framework = null;
    AccumulatingClass platform = null;
    BitSet seen = new BitSet(heap.shapeCount());
    List<AccumulatingClass> frontier = new ArrayList<>();
    for (int e : elements) {
      frontier.add(new AccumulatingClass(e, e));
      seen.set(e);
    }
    for (int depth = 0; depth < MAX_NAMING_DEPTH && !frontier.isEmpty(); depth++) {
      List<AccumulatingClass> next = new ArrayList<>();
      for (AccumulatingClass at : frontier) {
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
              next.add(new AccumulatingClass(child, at.element()));
            }
          }
        }
      }
      frontier = next;
    }
    for (AccumulatingClass best : new AccumulatingClass[] {own, member, framework, platform}) {
      if (best != null) {
        return best;
      }
    }
    return new AccumulatingClass(elements[0], elements[0]);
  }

  private static AccumulatingClass heavier(
      Accumulations growth, AccumulatingClass best, AccumulatingClass candidate) {
    return best == null || growth.growth(candidate.shape()) > growth.growth(best.shape())
        ? candidate
        : best;
  }

  /**
   * A class loader below the elements that holds most of their growth: then loaders are what leaks
   * (each old one with all its classes and their statics), whatever object pins them.
   */
  private static AccumulatingClass leakedLoader(
      ShapeTotals heap, Accumulations growth, int[] elements, long total) {
    List<AccumulatingClass> frontier = new ArrayList<>();
    for (int e : elements) {
      frontier.add(new AccumulatingClass(e, e));
    }
    BitSet seen = new BitSet(heap.shapeCount());
    for (int depth = 0; depth < 2 * MAX_NAMING_DEPTH && !frontier.isEmpty(); depth++) {
      List<AccumulatingClass> next = new ArrayList<>();
      for (AccumulatingClass at : frontier) {
        if (heap.shapes().classLoader(at.shape())) {
          return at;
        }
        for (int child : heap.children(at.shape())) {
          if (!seen.get(child) && growth.growth(child) >= LOADER_SHARE * total) {
            seen.set(child);
            next.add(new AccumulatingClass(child, at.element()));
          }
        }
      }
      frontier = next;
    }
    return null;
  }
}
