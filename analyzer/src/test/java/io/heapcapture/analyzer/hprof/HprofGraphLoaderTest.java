package io.heapcapture.analyzer.hprof;

import static io.heapcapture.analyzer.testing.SampleHprof.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.heapcapture.analyzer.graph.HeapClass;
import io.heapcapture.analyzer.graph.HeapGraph;
import io.heapcapture.analyzer.testing.SampleHprof;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HprofGraphLoaderTest {

  @ParameterizedTest
  @CsvSource({"4,true", "4,false", "8,true", "8,false"})
  void buildsNodesEdgesAndRootsOfTheSampleHeap(int idSize, boolean segmented) throws IOException {
    byte[] dump = SampleHprof.bytes(idSize, segmented);
    HeapGraph graph = HprofGraphLoader.load(() -> new ByteArrayInputStream(dump));

    assertThat(graph.nodeCount()).isEqualTo(OBJECTS);
    // fields first, then the class: an instance keeps its class (and its loader) alive
    assertThat(references(graph, NODE_A))
        .containsExactly("next -> " + NODE_B, "<class> -> " + NODE_CLASS);
    assertThat(references(graph, NODE_C)).containsExactly("<class> -> " + NODE_CLASS);
    // own fields first, then the super class's
    assertThat(references(graph, SPECIAL))
        .containsExactly("extra -> " + NODE_A, "next -> " + NODE_B, "<class> -> " + SPECIAL_CLASS);
    assertThat(references(graph, NODES))
        .containsExactly("[0] -> " + NODE_A, "[2] -> " + SPECIAL, "<class> -> " + NODE_ARRAY_CLASS);
    assertThat(references(graph, MATRIX))
        .containsExactly("[0] -> " + INTS, "<class> -> " + INT_MATRIX_CLASS);
    assertThat(references(graph, SPECIAL_CLASS))
        .containsExactlyInAnyOrder(
            "static cache -> " + NODES, "<super> -> " + NODE_CLASS, "<classloader> -> " + LOADER);
    assertThat(references(graph, LOADER)).containsExactly("<class> -> " + MY_LOADER_CLASS);
    assertThat(graph.isClassLoaderClass(graph.classOf(node(graph, LOADER)))).isTrue();
    assertThat(graph.isClassLoaderClass(graph.classOf(node(graph, NODE_A)))).isFalse();

    assertThat(heapClass(graph, NODE_A))
        .isEqualTo(new HeapClass("com.example.Node", "com.example.MyLoader"));
    assertThat(heapClass(graph, BOOT_NODE)).isEqualTo(new HeapClass("com.example.Node", ""));
    assertThat(heapClass(graph, NODES))
        .isEqualTo(new HeapClass("com.example.Node[]", "com.example.MyLoader"));
    assertThat(heapClass(graph, MATRIX)).isEqualTo(new HeapClass("int[][]", ""));
    assertThat(heapClass(graph, BYTES)).isEqualTo(new HeapClass("byte[]", ""));
    // a class object is labelled with the class it stands for, and marked as a class object
    assertThat(heapClass(graph, SPECIAL_CLASS))
        .isEqualTo(new HeapClass("com.example.Special", "com.example.MyLoader"));
    assertThat(graph.isClassObject(node(graph, SPECIAL_CLASS))).isTrue();
    assertThat(graph.isClassObject(node(graph, NODE_A))).isFalse();
    long classObjects =
        java.util.stream.IntStream.range(0, graph.nodeCount()).filter(graph::isClassObject).count();
    assertThat(classObjects).isEqualTo(CLASSES);

    List<Long> roots = new ArrayList<>();
    for (int r : graph.roots()) {
      roots.add(graph.objectId(r));
    }
    assertThat(roots).containsExactlyInAnyOrder(SPECIAL_CLASS, NODE_C, LOADER, BOOT_NODE);

    ObjectLayout layout = ObjectLayout.forIdSize(idSize);
    assertThat(graph.shallowSize(node(graph, NODE_A))).isEqualTo(layout.instanceSize(8));
    assertThat(graph.shallowSize(node(graph, SPECIAL))).isEqualTo(layout.instanceSize(20));
    assertThat(graph.shallowSize(node(graph, BYTES))).isEqualTo(layout.arraySize(10, 1));
    assertThat(graph.shallowSize(node(graph, NODES))).isEqualTo(layout.arraySize(3, 4));
  }

  static int node(HeapGraph graph, long id) {
    for (int n = 0; n < graph.nodeCount(); n++) {
      if (graph.objectId(n) == id) {
        return n;
      }
    }
    throw new AssertionError("no node for id " + id);
  }

  static HeapClass heapClass(HeapGraph graph, long id) {
    return graph.heapClass(graph.classOf(node(graph, id)));
  }

  static List<String> references(HeapGraph graph, long id) {
    int n = node(graph, id);
    List<String> refs = new ArrayList<>();
    for (int e = graph.firstEdge(n); e < graph.endEdge(n); e++) {
      refs.add(graph.edgeName(e) + " -> " + graph.objectId(graph.edgeTarget(e)));
    }
    return refs;
  }
}
