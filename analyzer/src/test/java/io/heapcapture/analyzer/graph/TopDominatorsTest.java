package io.heapcapture.analyzer.graph;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TopDominatorsTest {
  /**
   * The application class loader holds every application class; one of them caches sessions in a
   * map. The loader is the biggest top-level object, the map's table is where memory accumulates.
   */
  private final SmallHeap heap =
      new SmallHeap()
          .objects("jdk.internal.loader.ClassLoaders$AppClassLoader", 64, "loader")
          .objects("java.lang.Class", 200, "Cache", "Other")
          .objects("java.util.HashMap", 48, "map")
          .objects("java.util.HashMap$Node[]", 4096, "table")
          .objects("io.example.Session", 1000, "s1", "s2", "s3", "s4", "s5")
          .objects("java.lang.Thread", 300, "main", "worker")
          .objects("byte[]", 900, "stack")
          .ref("loader", "classes", "Cache")
          .ref("loader", "classes", "Other")
          .ref("Cache", "static SESSIONS", "map")
          .ref("map", "table", "table")
          .ref("table", "[0]", "s1")
          .ref("table", "[1]", "s2")
          .ref("table", "[2]", "s3")
          .ref("table", "[3]", "s4")
          .ref("table", "[4]", "s5")
          .ref("worker", "buffer", "stack")
          .roots("loader", "main", "worker");

  @Test
  void largestAreTopLevelObjectsBiggestFirst() {
    TopDominators top = topDominators();

    assertThat(top.largest(2))
        .containsExactly(
            new TopDominators.Dominator(heap.node("loader"), 64 + 400 + 48 + 4096 + 5000),
            new TopDominators.Dominator(heap.node("worker"), 1200));
    assertThat(top.largest(10)).hasSize(3);
    assertThat(top.largest(0)).isEmpty();
  }

  @Test
  void accumulationPointIsWhereMemoryStopsPassingThrough() {
    TopDominators top = topDominators();

    assertThat(heap.label(top.accumulationPoint(heap.node("loader")))).isEqualTo("table");
    assertThat(heap.label(top.accumulationPoint(heap.node("main")))).isEqualTo("main");
    // The buffer holds 900 of the worker's 1200 bytes: 75%, not enough to pass through.
    assertThat(heap.label(top.accumulationPoint(heap.node("worker")))).isEqualTo("worker");
  }

  private TopDominators topDominators() {
    DominatorTree tree = DominatorTree.compute(heap.graph());
    return new TopDominators(tree, RetainedSizes.compute(heap.graph(), tree));
  }
}
