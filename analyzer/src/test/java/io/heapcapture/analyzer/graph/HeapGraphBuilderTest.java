package io.heapcapture.analyzer.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class HeapGraphBuilderTest {

  @Test
  void arraySlotsAreNamedWithoutInterningAString() {
    HeapGraphBuilder builder = new HeapGraphBuilder();
    int array = builder.addNode(1, builder.classIndex(new HeapClass("java.lang.Object[]", "")), 32);
    int item = builder.addNode(2, builder.classIndex(new HeapClass("Item", "")), 16);
    builder.addEdge(array, item, HeapGraphBuilder.slotName(0));
    builder.addEdge(array, item, HeapGraphBuilder.slotName(Integer.MAX_VALUE));
    builder.addEdge(item, array, builder.nameIndex("owner"));

    HeapGraph graph = builder.build();

    assertThat(graph.names()).containsExactly("owner");
    assertThat(graph.edgeName(0)).isEqualTo("[0]");
    assertThat(graph.edgeName(1)).isEqualTo("[2147483647]");
    assertThat(graph.edgeName(2)).isEqualTo("owner");
    assertThat(graph.edgeSlot(1)).isEqualTo(Integer.MAX_VALUE);
    assertThat(graph.edgeSlot(2)).isEqualTo(-1);
    assertThat(graph.edgeNameIndex(2)).isZero();
    assertThat(graph.edgeNameIndex(0)).isNegative();
  }

  @Test
  void negativeSlotsAreRejected() {
    assertThatThrownBy(() -> HeapGraphBuilder.slotName(-1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aPresizedBuilderGrowsPastItsExpectedSizes() {
    HeapGraphBuilder builder = new HeapGraphBuilder(0, 1);
    int type = builder.classIndex(new HeapClass("Node", ""));
    for (int i = 0; i < 100; i++) {
      builder.addNode(i, type, 16);
    }
    for (int i = 1; i < 100; i++) {
      builder.addEdge(i - 1, i, HeapGraphBuilder.slotName(i));
    }

    HeapGraph graph = builder.build();

    assertThat(graph.nodeCount()).isEqualTo(100);
    assertThat(graph.edgeCount()).isEqualTo(99);
    assertThat(graph.edgeName(graph.firstEdge(41))).isEqualTo("[42]");
  }

  @Test
  void edgesOutOfSourceOrderAfterAnOrderedStartAreGroupedBySource() {
    HeapGraphBuilder builder = new HeapGraphBuilder(4, 2);
    int type = builder.classIndex(new HeapClass("Node", ""));
    for (int i = 0; i < 5; i++) {
      builder.addNode(100 + i, type, 16);
    }
    builder.addEdge(0, 1, HeapGraphBuilder.slotName(0));
    builder.addEdge(2, 3, HeapGraphBuilder.slotName(1));
    builder.addEdge(2, 4, HeapGraphBuilder.slotName(2));
    builder.addEdge(1, 2, HeapGraphBuilder.slotName(3)); // out of order from here on
    builder.addEdge(4, 0, HeapGraphBuilder.slotName(4));
    builder.addEdge(0, 4, HeapGraphBuilder.slotName(5));

    HeapGraph graph = builder.build();

    assertThat(edges(graph, 0)).containsExactly("[0] -> 1", "[5] -> 4");
    assertThat(edges(graph, 1)).containsExactly("[3] -> 2");
    assertThat(edges(graph, 2)).containsExactly("[1] -> 3", "[2] -> 4");
    assertThat(edges(graph, 3)).isEmpty();
    assertThat(edges(graph, 4)).containsExactly("[4] -> 0");
    assertThat(graph.edgeCount()).isEqualTo(6);
  }

  @Test
  void aBuilderBuildsOneGraphAndEdgesComeFromExistingNodes() {
    HeapGraphBuilder builder = new HeapGraphBuilder();
    int type = builder.classIndex(new HeapClass("Node", ""));
    builder.addNode(1, type, 16);
    assertThatThrownBy(() -> builder.addEdge(1, 0, HeapGraphBuilder.slotName(0)))
        .isInstanceOf(IllegalArgumentException.class);
    builder.build();
    assertThatThrownBy(builder::build).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> builder.addNode(2, type, 16))
        .isInstanceOf(IllegalStateException.class);
  }

  private static java.util.List<String> edges(HeapGraph graph, int node) {
    java.util.List<String> edges = new java.util.ArrayList<>();
    for (int e = graph.firstEdge(node); e < graph.endEdge(node); e++) {
      edges.add(graph.edgeName(e) + " -> " + graph.edgeTarget(e));
    }
    return edges;
  }
}
