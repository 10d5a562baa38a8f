package io.heapcapture.analyzer.graph;

import java.util.ArrayDeque;

/**
 * Dominators, retained sizes and distances straight from their definitions, quadratic or worse:
 * only for small heaps in tests.
 */
final class BruteForce {
  final HeapGraph graph;
  final int n;
  final boolean[] reachable;

  /** dominates[d][x]: d != x and removing d makes x unreachable. */
  final boolean[][] dominates;

  BruteForce(HeapGraph graph) {
    this.graph = graph;
    this.n = graph.nodeCount();
    this.reachable = reachWithout(-1);
    this.dominates = new boolean[n][];
    for (int d = 0; d < n; d++) {
      boolean[] without = reachWithout(d);
      dominates[d] = new boolean[n];
      for (int x = 0; x < n; x++) {
        dominates[d][x] = d != x && reachable[d] && reachable[x] && !without[x];
      }
    }
  }

  /** Which nodes the roots reach when {@code removed} is taken out of the heap. */
  boolean[] reachWithout(int removed) {
    boolean[] seen = new boolean[n];
    ArrayDeque<Integer> queue = new ArrayDeque<>();
    for (int i = 0; i < graph.rootCount(); i++) {
      int root = graph.root(i);
      if (root != removed && !seen[root]) {
        seen[root] = true;
        queue.add(root);
      }
    }
    while (!queue.isEmpty()) {
      int node = queue.poll();
      for (int e = graph.firstEdge(node); e < graph.endEdge(node); e++) {
        int target = graph.edgeTarget(e);
        if (target != removed && !seen[target]) {
          seen[target] = true;
          queue.add(target);
        }
      }
    }
    return seen;
  }

  /** The strict dominator of x that every other strict dominator of x dominates. */
  int immediateDominator(int x) {
    if (!reachable[x]) {
      return DominatorTree.UNREACHABLE;
    }
    for (int d = 0; d < n; d++) {
      if (!dominates[d][x]) {
        continue;
      }
      boolean closest = true;
      for (int other = 0; other < n && closest; other++) {
        closest = other == d || !dominates[other][x] || dominates[other][d];
      }
      if (closest) {
        return d;
      }
    }
    return DominatorTree.SUPER_ROOT;
  }

  /** x itself plus everything that becomes unreachable without x. */
  long retainedSize(int x) {
    if (!reachable[x]) {
      return 0;
    }
    boolean[] without = reachWithout(x);
    long size = 0;
    for (int y = 0; y < n; y++) {
      if (reachable[y] && (!without[y] || y == x)) {
        size += graph.shallowSize(y);
      }
    }
    return size;
  }

  /** The size of the union of the retained sets of the class's instances. */
  long classRetainedSize(int classIndex) {
    long size = 0;
    for (int y = 0; y < n; y++) {
      boolean retained = false;
      for (int x = 0; x < n && !retained; x++) {
        retained = graph.classOf(x) == classIndex && reachable[y] && (x == y || dominates[x][y]);
      }
      if (retained) {
        size += graph.shallowSize(y);
      }
    }
    return size;
  }

  /** The number of strict dominators of x: its depth in the dominator tree. */
  int depth(int x) {
    int depth = 0;
    for (int d = 0; d < n; d++) {
      if (dominates[d][x]) {
        depth++;
      }
    }
    return depth;
  }

  /** Fewest references from any root to each node (Bellman-Ford style), -1 if none. */
  int[] distances() {
    int[] distance = new int[n];
    java.util.Arrays.fill(distance, Integer.MAX_VALUE);
    for (int i = 0; i < graph.rootCount(); i++) {
      distance[graph.root(i)] = 0;
    }
    for (boolean changed = true; changed; ) {
      changed = false;
      for (int node = 0; node < n; node++) {
        if (distance[node] == Integer.MAX_VALUE) {
          continue;
        }
        for (int e = graph.firstEdge(node); e < graph.endEdge(node); e++) {
          int target = graph.edgeTarget(e);
          if (distance[node] + 1 < distance[target]) {
            distance[target] = distance[node] + 1;
            changed = true;
          }
        }
      }
    }
    for (int node = 0; node < n; node++) {
      if (distance[node] == Integer.MAX_VALUE) {
        distance[node] = -1;
      }
    }
    return distance;
  }
}
