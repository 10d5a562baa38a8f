package io.heapcapture.analyzer.graph;

import java.util.Arrays;

/**
 * Retained sizes: what the heap would lose if an object, or a whole class, were gone.
 *
 * <p>The retained size of an object is the sum of the shallow sizes of the objects it dominates,
 * itself included. Unreachable objects have none (0): nothing keeps them, and a JVM would free them
 * at the next collection.
 *
 * <p>The retained size of a class is the size of the union of the retained sets of its instances:
 * the sum of the retained sizes of those instances that no other instance of the same class
 * dominates. A linked list of N nodes thus counts once, not N(N+1)/2 times. This is a lower bound
 * of what removing every instance would free, because an object kept alive only by two instances of
 * the class together is dominated by neither; Eclipse MAT calls it "minimum retained size (quick
 * approx.)".
 */
public final class RetainedSizes {
  private final long[] retained;
  private final long[] classRetained;
  private final long reachable;

  private RetainedSizes(long[] retained, long[] classRetained, long reachable) {
    this.retained = retained;
    this.classRetained = classRetained;
    this.reachable = reachable;
  }

  public static RetainedSizes compute(HeapGraph graph, DominatorTree tree) {
    long[] retained = new long[graph.nodeCount()];
    long reachable = 0;
    for (int i = 0; i < tree.reachableCount(); i++) {
      int node = tree.reachableNode(i);
      retained[node] = graph.shallowSize(node);
    }
    // Backwards over an order where dominators come first: each subtree is complete before its
    // total is added to its dominator.
    for (int i = tree.reachableCount() - 1; i >= 0; i--) {
      int node = tree.reachableNode(i);
      int dominator = tree.immediateDominator(node);
      if (dominator == DominatorTree.SUPER_ROOT) {
        reachable += retained[node];
      } else {
        retained[dominator] += retained[node];
      }
    }
    return new RetainedSizes(retained, classRetained(graph, tree, retained), reachable);
  }

  /** The retained size of a node; 0 if it is unreachable. */
  public long retainedSize(int node) {
    return retained[node];
  }

  /** The shallow size of everything reachable: the retained size of the virtual super-root. */
  public long reachableSize() {
    return reachable;
  }

  /** The retained size of a class, without double counting (see the class description). */
  public long classRetainedSize(int classIndex) {
    return classIndex < classRetained.length ? classRetained[classIndex] : 0;
  }

  /**
   * Walks the dominator tree depth first, keeping for each class the number of its instances on the
   * current path: an instance entered while that count is 0 has no dominating instance of its own
   * class, so its retained size counts for the class. Class objects count for no class here.
   */
  private static long[] classRetained(HeapGraph graph, DominatorTree tree, long[] retained) {
    int classes = graph.classes().size();
    long[] byClass = new long[classes];
    int[] onPath = new int[classes];
    int[] stackNode = new int[64];
    int[] stackNext = new int[64];
    int depth = 0;
    int topLevel = 0;
    int topLevelCount = tree.childCount(DominatorTree.SUPER_ROOT);
    while (depth > 0 || topLevel < topLevelCount) {
      int entered;
      if (depth == 0) {
        entered = tree.child(DominatorTree.SUPER_ROOT, topLevel++);
      } else {
        int node = stackNode[depth - 1];
        if (stackNext[depth - 1] == tree.childCount(node)) {
          if (!graph.isClassObject(node)) {
            onPath[graph.classOf(node)]--;
          }
          depth--;
          continue;
        }
        entered = tree.child(node, stackNext[depth - 1]++);
      }
      // A class object carries the class it stands for but is no instance of it: what its
      // static fields hold is not retained by the class's instances.
      if (!graph.isClassObject(entered)) {
        int heapClass = graph.classOf(entered);
        if (onPath[heapClass]++ == 0) {
          byClass[heapClass] += retained[entered];
        }
      }
      if (depth == stackNode.length) {
        stackNode = Arrays.copyOf(stackNode, depth * 2);
        stackNext = Arrays.copyOf(stackNext, depth * 2);
      }
      stackNode[depth] = entered;
      stackNext[depth] = 0;
      depth++;
    }
    return byClass;
  }
}
