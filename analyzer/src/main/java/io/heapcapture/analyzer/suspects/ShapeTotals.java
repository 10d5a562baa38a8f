package io.heapcapture.analyzer.suspects;

import io.heapcapture.analyzer.graph.DominatorTree;
import io.heapcapture.analyzer.graph.LongIntMap;
import io.heapcapture.analyzer.graph.PathShapes;
import io.heapcapture.analyzer.graph.RetainedSizes;
import java.util.Arrays;

/**
 * What each {@link PathShapes shape} of one dump holds: how many objects have it, what they retain
 * together, and which shapes they dominate. This is the dominator tree with the objects of one
 * shape taken as one: the entries of a map are one element, the values of a ThreadLocal in every
 * pooled thread are one element, a linked queue is one element however long it is.
 *
 * <p>The retained size of a shape counts only its outermost objects (those whose immediate
 * dominator has another shape), so a chain of one class is not counted once per link. The dominated
 * shapes of a shape are those of the objects its objects immediately dominate; the shapes the
 * virtual super-root dominates are the children of {@link #ROOTS}.
 */
final class ShapeTotals {
  /** Stands for the GC roots: its children are the shapes of the top of the dominator tree. */
  static final int ROOTS = -1;

  private final PathShapes shapes;
  private final long[] count;
  private final long[] retained;
  private final long[] places;
  private final PlaceTotals placeTotals;
  private final int[] childStart;
  private final int[] children;
  private final int[] otherStart;
  private final int[] others;
  private final long[] otherRetained;
  private final long reachable;

  private ShapeTotals(
      PathShapes shapes,
      long[] count,
      long[] retained,
      long[] places,
      PlaceTotals placeTotals,
      int[][] links,
      long[] otherRetained,
      long reachable) {
    this.shapes = shapes;
    this.count = count;
    this.retained = retained;
    this.places = places;
    this.placeTotals = placeTotals;
    this.childStart = links[0];
    this.children = links[1];
    this.otherStart = links[2];
    this.others = links[3];
    this.otherRetained = otherRetained;
    this.reachable = reachable;
  }

  static ShapeTotals of(PathShapes shapes, DominatorTree tree, RetainedSizes sizes) {
    int n = shapes.count();
    long[] count = new long[n];
    long[] retained = new long[n];
    long[] places = Places.of(shapes);
    PlaceTotals placeTotals = new PlaceTotals();
    // What each (dominator shape, shape) pair retains; ROOTS is coded as n. A shape whose objects
    // are dominated from several shapes hangs under the one that dominates most of it.
    LongIntMap pairs = new LongIntMap(Math.max(16, n));
    long[] pairList = new long[Math.max(16, n)];
    long[] pairRetained = new long[pairList.length];
    int pairCount = 0;
    for (int i = 0; i < tree.reachableCount(); i++) {
      int node = tree.reachableNode(i);
      int shape = shapes.of(node);
      if (shape == PathShapes.NONE) {
        continue;
      }
      count[shape]++;
      int dominator = tree.immediateDominator(node);
      int above = dominator == DominatorTree.SUPER_ROOT ? n : shapes.of(dominator);
      // A place counts what its outermost objects retain, as a shape does.
      boolean outermostOfPlace = above == n || above < 0 || places[above] != places[shape];
      placeTotals.add(places[shape], 1, outermostOfPlace ? sizes.retainedSize(node) : 0);
      if (above == shape || above == PathShapes.NONE) {
        continue;
      }
      retained[shape] += sizes.retainedSize(node);
      long pair = (long) above << 32 | shape;
      int p = pairs.get(pair);
      if (p == LongIntMap.MISSING) {
        p = pairCount++;
        pairs.put(pair, p);
        if (p == pairList.length) {
          pairList = Arrays.copyOf(pairList, p * 2);
          pairRetained = Arrays.copyOf(pairRetained, p * 2);
        }
        pairList[p] = pair;
      }
      pairRetained[p] += sizes.retainedSize(node);
    }
    int[] parent = new int[n];
    long[] parentRetained = new long[n];
    Arrays.fill(parent, -1);
    Arrays.fill(parentRetained, -1);
    for (int p = 0; p < pairCount; p++) {
      int shape = (int) pairList[p];
      if (pairRetained[p] > parentRetained[shape]) {
        parent[shape] = (int) (pairList[p] >>> 32);
        parentRetained[shape] = pairRetained[p];
      }
    }
    int[] childStart = new int[n + 2];
    int linked = 0;
    for (int shape = 0; shape < n; shape++) {
      if (parent[shape] >= 0) {
        childStart[parent[shape] + 1]++;
        linked++;
      }
    }
    for (int s = 0; s <= n; s++) {
      childStart[s + 1] += childStart[s];
    }
    int[] children = new int[linked];
    int[] next = Arrays.copyOf(childStart, n + 1);
    for (int shape = 0; shape < n; shape++) {
      if (parent[shape] >= 0) {
        children[next[parent[shape]]++] = shape;
      }
    }
    // The dominated shapes that hang elsewhere, with what this shape's objects dominate of them.
    int[] otherStart = new int[n + 2];
    for (int p = 0; p < pairCount; p++) {
      if (parent[(int) pairList[p]] != (int) (pairList[p] >>> 32)) {
        otherStart[(int) (pairList[p] >>> 32) + 1]++;
      }
    }
    for (int s = 0; s <= n; s++) {
      otherStart[s + 1] += otherStart[s];
    }
    int[] others = new int[otherStart[n + 1]];
    long[] otherRetained = new long[others.length];
    int[] at = Arrays.copyOf(otherStart, n + 1);
    for (int p = 0; p < pairCount; p++) {
      int above = (int) (pairList[p] >>> 32);
      int shape = (int) pairList[p];
      if (parent[shape] != above) {
        others[at[above]] = shape;
        otherRetained[at[above]++] = pairRetained[p];
      }
    }
    return new ShapeTotals(
        shapes,
        count,
        retained,
        places,
        placeTotals,
        new int[][] {childStart, children, otherStart, others},
        otherRetained,
        sizes.reachableSize());
  }

  /** The shapes dominated in part by {@code shape} that hang elsewhere. */
  int[] dominatedElsewhere(int shape) {
    int s = shape == ROOTS ? count.length : shape;
    return Arrays.copyOfRange(others, otherStart[s], otherStart[s + 1]);
  }

  /**
   * What the objects of {@code shape} dominate of the i-th shape of {@link #dominatedElsewhere}.
   */
  long dominatedElsewhereBytes(int shape, int i) {
    int s = shape == ROOTS ? count.length : shape;
    return otherRetained[otherStart[s] + i];
  }

  PathShapes shapes() {
    return shapes;
  }

  int shapeCount() {
    return count.length;
  }

  /** How many reachable objects have this shape; 1 for {@link #ROOTS}. */
  long count(int shape) {
    return shape == ROOTS ? 1 : count[shape];
  }

  /** What the shape's objects retain together; the reachable heap for {@link #ROOTS}. */
  long retained(int shape) {
    return shape == ROOTS ? reachable : retained[shape];
  }

  /** The place of a shape (see {@link Places}). */
  long place(int shape) {
    return places[shape];
  }

  /** What all shapes at the place of {@code shape} count and retain together. */
  PlaceTotals places() {
    return placeTotals;
  }

  long reachable() {
    return reachable;
  }

  /** The shapes that the objects of {@code shape} (or {@link #ROOTS}) immediately dominate. */
  int[] children(int shape) {
    int s = shape == ROOTS ? count.length : shape;
    return Arrays.copyOfRange(children, childStart[s], childStart[s + 1]);
  }
}
