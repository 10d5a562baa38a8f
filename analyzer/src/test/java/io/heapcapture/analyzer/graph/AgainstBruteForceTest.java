package io.heapcapture.analyzer.graph;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Every graph algorithm against its definition, computed by brute force on random small heaps. */
class AgainstBruteForceTest {
  private static final int HEAPS = 500;

  @Test
  void dominatorsRetainedSizesTopDominatorsAndPathsMatchTheirDefinitions() {
    Random random = new Random(20240611);
    int reachableChecked = 0;
    for (int i = 0; i < HEAPS; i++) {
      HeapGraph graph = RandomHeaps.small(random);
      String heap = "heap #" + i;
      BruteForce expected = new BruteForce(graph);
      DominatorTree tree = DominatorTree.compute(graph);
      RetainedSizes sizes = RetainedSizes.compute(graph, tree);

      long reachableSize = 0;
      for (int x = 0; x < graph.nodeCount(); x++) {
        assertThat(tree.immediateDominator(x))
            .as("%s: idom of %d", heap, x)
            .isEqualTo(expected.immediateDominator(x));
        assertThat(sizes.retainedSize(x))
            .as("%s: retained size of %d", heap, x)
            .isEqualTo(expected.retainedSize(x));
        if (expected.reachable[x]) {
          reachableSize += graph.shallowSize(x);
          reachableChecked++;
        }
      }
      assertThat(sizes.reachableSize()).as(heap).isEqualTo(reachableSize);
      for (int c = 0; c < graph.classes().size(); c++) {
        assertThat(sizes.classRetainedSize(c))
            .as("%s: retained size of class %d", heap, c)
            .isEqualTo(expected.classRetainedSize(c));
      }
      assertDominatorOrder(tree, expected, heap);
      assertThat(new TopDominators(tree, sizes).largest(5))
          .as("%s: top dominators", heap)
          .isEqualTo(greedyLargestNotDominatedByAnother(expected, sizes, 5));
      assertShortestPaths(graph, expected, heap);
    }
    assertThat(reachableChecked).as("reachable nodes checked").isGreaterThan(HEAPS * 5);
  }

  /** Every reachable node once, after its immediate dominator; children lists agree with idom. */
  private static void assertDominatorOrder(DominatorTree tree, BruteForce expected, String heap) {
    int[] position = new int[tree.nodeCount()];
    java.util.Arrays.fill(position, -1);
    for (int i = 0; i < tree.reachableCount(); i++) {
      assertThat(position[tree.reachableNode(i)]).as(heap).isEqualTo(-1);
      position[tree.reachableNode(i)] = i;
    }
    int children = tree.childCount(DominatorTree.SUPER_ROOT);
    for (int x = 0; x < tree.nodeCount(); x++) {
      assertThat(position[x] >= 0).as(heap).isEqualTo(expected.reachable[x]);
      if (expected.reachable[x]) {
        int idom = tree.immediateDominator(x);
        assertThat(idom < 0 || position[idom] < position[x]).as(heap).isTrue();
        assertThat(tree.children(idom)).as(heap).contains(x);
        children += tree.childCount(x);
      }
    }
    assertThat(children).as(heap).isEqualTo(tree.reachableCount());
  }

  /**
   * "The k largest objects of which none dominates another", chosen greedily from the largest down;
   * on equal sizes a dominator goes first, as it must for the greedy choice to be right.
   */
  private static List<TopDominators.Dominator> greedyLargestNotDominatedByAnother(
      BruteForce expected, RetainedSizes sizes, int k) {
    List<Integer> candidates =
        IntStream.range(0, expected.n)
            .filter(x -> expected.reachable[x])
            .boxed()
            .sorted(
                Comparator.<Integer>comparingLong(x -> -sizes.retainedSize(x))
                    .thenComparingInt(expected::depth)
                    .thenComparingInt(x -> x))
            .toList();
    List<TopDominators.Dominator> chosen = new ArrayList<>();
    for (int x : candidates) {
      if (chosen.size() < k && chosen.stream().noneMatch(d -> expected.dominates[d.node()][x])) {
        chosen.add(new TopDominators.Dominator(x, sizes.retainedSize(x)));
      }
    }
    return chosen;
  }

  /** Each path starts at a root, follows real references of the names it shows, and is shortest. */
  private static void assertShortestPaths(HeapGraph graph, BruteForce expected, String heap) {
    GcRootPaths paths = GcRootPaths.compute(graph);
    int[] distance = expected.distances();
    List<Integer> roots = IntStream.of(graph.roots()).boxed().toList();
    for (int x = 0; x < graph.nodeCount(); x++) {
      List<GcRootPaths.PathStep> path = paths.pathTo(x);
      assertThat(path.size()).as("%s: path to %d", heap, x).isEqualTo(distance[x] + 1);
      if (path.isEmpty()) {
        continue;
      }
      assertThat(roots).as(heap).contains(path.get(0).node());
      assertThat(path.get(path.size() - 1).node()).as(heap).isEqualTo(x);
      assertThat(path.get(path.size() - 1).reference()).isNull();
      for (int s = 0; s + 1 < path.size(); s++) {
        int holder = path.get(s).node();
        int next = path.get(s + 1).node();
        String name = path.get(s).reference();
        assertThat(path.get(s).heapClass()).isEqualTo(graph.heapClass(graph.classOf(holder)));
        assertThat(
                IntStream.range(graph.firstEdge(holder), graph.endEdge(holder))
                    .anyMatch(e -> graph.edgeTarget(e) == next && graph.edgeName(e).equals(name)))
            .as("%s: %s holds %d through %s", heap, holder, next, name)
            .isTrue();
      }
    }
  }
}
