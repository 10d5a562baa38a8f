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
  private final int[] childStart;
  private final int[] children;
  private final long reachable;

  private ShapeTotals(
      PathShapes shapes,
      long[] count,
      long[] retained,
      int[] childStart,
      int[] children,
      long reachable) {
    this.shapes = shapes;
    this.count = count;
    this.retained = retained;
    this.childStart = childStart;
    this.children = children;
    this.reachable = reachable;
  }

  static ShapeTotals of(PathShapes shapes, DominatorTree tree, RetainedSizes sizes) {
    int n = shapes.count();
    long[] count = new long[n];
    long[] retained = new long[n];
    // Distinct (dominator shape, shape) pairs; ROOTS is coded as n.
    LongIntMap pairs = new LongIntMap(Math.max(16, n));
    long[] pairList = new long[Math.max(16, n)];
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
      if (above == shape || above == PathShapes.NONE) {
        continue;
      }
      retained[shape] += sizes.retainedSize(node);
      long pair = (long) above << 32 | shape;
      if (pairs.get(pair) == LongIntMap.MISSING) {
        pairs.put(pair, pairCount);
        if (pairCount == pairList.length) {
          pairList = Arrays.copyOf(pairList, pairCount * 2);
        }
        pairList[pairCount++] = pair;
      }
    }
    int[] childStart = new int[n + 2];
    for (int p = 0; p < pairCount; p++) {
      childStart[(int) (pairList[p] >>> 32) + 1]++;
    }
    for (int s = 0; s <= n; s++) {
      childStart[s + 1] += childStart[s];
    }
    int[] children = new int[pairCount];
    int[] next = Arrays.copyOf(childStart, n + 1);
    for (int p = 0; p < pairCount; p++) {
      children[next[(int) (pairList[p] >>> 32)]++] = (int) pairList[p];
    }
    return new ShapeTotals(shapes, count, retained, childStart, children, sizes.reachableSize());
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

  long reachable() {
    return reachable;
  }

  /** The shapes that the objects of {@code shape} (or {@link #ROOTS}) immediately dominate. */
  int[] children(int shape) {
    int s = shape == ROOTS ? count.length : shape;
    return Arrays.copyOfRange(children, childStart[s], childStart[s + 1]);
  }
}
