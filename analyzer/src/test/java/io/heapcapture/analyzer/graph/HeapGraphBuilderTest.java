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
}
