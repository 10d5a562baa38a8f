package io.heapcapture.analyzer.graph;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Heap shapes of real size: nothing may recurse (a linked list of millions of nodes is a path
 * millions deep), and a wide heap must finish in seconds. Times are printed, not asserted.
 */
class LargeHeapTest {
  private static final int CHAIN = 2_000_000;

  /**
   * One root, a linked list of 2 M nodes whose references run against node order, each node also
   * pointing back at the head: the DFS, the path compression over the back references, the
   * dominator-tree walk and the path from the root all go 2 M deep.
   */
  @Test
  void deepChainDoesNotOverflowTheStack() {
    HeapGraphBuilder builder = new HeapGraphBuilder();
    int node = builder.classIndex(new HeapClass("Node", ""));
    int next = builder.nameIndex("next");
    int head = builder.nameIndex("head");
    for (int i = 0; i < CHAIN; i++) {
      builder.addNode(i, node, 32);
    }
    int first = CHAIN - 1;
    for (int i = first; i > 0; i--) {
      builder.addEdge(i, i - 1, next);
      builder.addEdge(i - 1, first, head);
    }
    builder.addRoot(first);
    HeapGraph graph = builder.build();

    long start = System.nanoTime();
    DominatorTree tree = DominatorTree.compute(graph);
    RetainedSizes sizes = RetainedSizes.compute(graph, tree);
    GcRootPaths paths = GcRootPaths.compute(graph);
    TopDominators top = new TopDominators(tree, sizes);
    int last = top.accumulationPoint(first);
    int pathLength = paths.pathTo(0).size();
    report("deep chain", graph, start);

    assertThat(tree.immediateDominator(first)).isEqualTo(DominatorTree.SUPER_ROOT);
    assertThat(tree.immediateDominator(0)).isEqualTo(1);
    assertThat(tree.immediateDominator(CHAIN / 2)).isEqualTo(CHAIN / 2 + 1);
    assertThat(sizes.retainedSize(first)).isEqualTo(32L * CHAIN);
    assertThat(sizes.retainedSize(0)).isEqualTo(32);
    assertThat(sizes.classRetainedSize(node)).isEqualTo(32L * CHAIN);
    // Node 3 retains 4 nodes, node 2 only 3 of them: less than 80%, so the descent stops at 3.
    assertThat(last).isEqualTo(3);
    assertThat(pathLength).isEqualTo(CHAIN);
  }

  /** About 2 M objects and 6 M references, mostly local with some long jumps, 1000 roots. */
  @Test
  void wideRandomHeapCompletes() {
    int nodes = 2_000_000;
    int references = 6_000_000;
    Random random = new Random(42);
    HeapGraphBuilder builder = new HeapGraphBuilder();
    for (int c = 0; c < 500; c++) {
      builder.classIndex(new HeapClass("C" + c, ""));
    }
    for (int i = 0; i < nodes; i++) {
      builder.addNode(i, random.nextInt(500), 16 + 8 * random.nextInt(16));
    }
    int[] names = new int[8];
    for (int f = 0; f < names.length; f++) {
      names[f] = builder.nameIndex("f" + f);
    }
    for (int e = 0; e < references; e++) {
      int from = random.nextInt(nodes);
      int to =
          random.nextInt(4) == 0
              ? random.nextInt(nodes)
              : Math.floorMod(from + random.nextInt(64) - 16, nodes);
      builder.addEdge(from, to, names[random.nextInt(names.length)]);
    }
    for (int r = 0; r < 1000; r++) {
      builder.addRoot(random.nextInt(nodes));
    }
    HeapGraph graph = builder.build();

    long start = System.nanoTime();
    DominatorTree tree = DominatorTree.compute(graph);
    long dominators = System.nanoTime();
    RetainedSizes sizes = RetainedSizes.compute(graph, tree);
    long retained = System.nanoTime();
    GcRootPaths paths = GcRootPaths.compute(graph);
    long shortest = System.nanoTime();
    var top = new TopDominators(tree, sizes).largest(10);
    System.out.printf(
        "wide heap phases: dominators %d ms, retained sizes %d ms, GC root paths %d ms%n",
        (dominators - start) / 1_000_000,
        (retained - dominators) / 1_000_000,
        (shortest - retained) / 1_000_000);
    report("wide heap", graph, start);

    assertThat(tree.reachableCount()).isGreaterThan(nodes / 2);
    assertThat(top).hasSize(10);
    assertThat(top.get(0).retainedSize()).isGreaterThanOrEqualTo(top.get(9).retainedSize());
    long topLevelTotal = 0;
    for (int i = 0; i < tree.childCount(DominatorTree.SUPER_ROOT); i++) {
      topLevelTotal += sizes.retainedSize(tree.child(DominatorTree.SUPER_ROOT, i));
    }
    assertThat(topLevelTotal).isEqualTo(sizes.reachableSize());
    assertThat(paths.pathTo(tree.reachableNode(tree.reachableCount() - 1))).isNotEmpty();
  }

  private static void report(String what, HeapGraph graph, long startNanos) {
    System.out.printf(
        "%s: %,d nodes, %,d references: %d ms%n",
        what, graph.nodeCount(), graph.edgeCount(), (System.nanoTime() - startNanos) / 1_000_000);
  }
}
