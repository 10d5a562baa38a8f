package io.heapcapture.analyzer.v8;

import static io.heapcapture.analyzer.v8.TinySnapshot.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.heapcapture.analyzer.graph.HeapGraph;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The loader's rules, node by node, on a hand-made snapshot. */
class V8SnapshotLoaderTest {
  private final HeapGraph graph = load(sample().bytes());

  @Test
  void classesAreGroupedLikeDevTools() {
    assertThat(className(ROOT)).isEqualTo("(synthetic)");
    assertThat(className(GLOBAL)).isEqualTo("global");
    assertThat(className(CHOC_A)).isEqualTo("Chocolate");
    assertThat(className(ELEMENTS)).isEqualTo("(array)");
    assertThat(className(WEAKLY_HELD)).isEqualTo("Function");
    assertThat(className(TABLE)).isEqualTo("(system)");
    assertThat(className(ORPHAN_CHILD)).isEqualTo("Node / Child");
    assertThat(graph.classes()).allSatisfy(c -> assertThat(c.loader()).isEmpty());
    assertThat(graph.classOf(CHOC_A)).isEqualTo(graph.classOf(CHOC_B));
  }

  @Test
  void nodesKeepTheirIdsAndSelfSizes() {
    assertThat(graph.nodeCount()).isEqualTo(17);
    assertThat(graph.objectId(CHOC_A)).isEqualTo(11);
    assertThat(graph.shallowSize(VALUE)).isEqualTo(100);
  }

  @Test
  void edgesAreNamedByPropertyOrIndex() {
    assertThat(edges(GLOBAL)).containsExactly("box->" + BOX, "wm->" + WEAK_MAP);
    assertThat(edges(ELEMENTS)).containsExactly("[0]->" + CHOC_A, "[1]->" + CHOC_B);
    assertThat(edges(ROOT)).containsExactly("[1]->" + GC_ROOTS, "1->" + GLOBAL);
  }

  @Test
  void onlyEdgesThatRetainAreKept() {
    assertThat(graph.edgeCount()).isEqualTo(SAMPLE_ESSENTIAL_EDGES);
    assertThat(edges(GLOBAL)).as("weak edge dropped").doesNotContain("w->" + WEAKLY_HELD);
    assertThat(edges(BOX)).as("self reference dropped").containsExactly("elements->" + ELEMENTS);
    assertThat(edges(CHOC_A))
        .as("shortcut off the root dropped; WeakMap value held by its key")
        .containsExactly("sugar->" + SUGAR_A, WEAK_MAP_EDGE + "->" + VALUE);
    assertThat(edges(TABLE)).as("WeakMap value not held by the table").isEmpty();
  }

  @Test
  void rootsAreTheSyntheticRootsTargetsThenWhatNothingElseReaches() {
    assertThat(graph.roots()).containsExactly(GC_ROOTS, GLOBAL, WEAKLY_HELD, ORPHAN, CYCLE_A);
  }

  @Test
  void rootIndexMovesTheSyntheticRoot() {
    TinySnapshot s = new TinySnapshot();
    int object = s.node("object", "Held", 3, 8);
    int root = s.node("synthetic", "", 1, 0);
    s.edge(root, "element", 1, object);
    var json = s.json();
    ((com.fasterxml.jackson.databind.node.ObjectNode) json.get("snapshot"))
        .put("root_index", root * TinySnapshot.NODE_FIELDS);

    assertThat(load(TinySnapshot.bytes(json)).roots()).containsExactly(object);
  }

  @Test
  void histogramAgreesWithTheGraph() throws Exception {
    V8Histogram histogram = V8Histogram.read(new ByteArrayInputStream(sample().bytes()));
    assertThat(histogram.entry("Chocolate")).hasValue(entry("Chocolate", 2, 32));
    assertThat(histogram.entry("Array")).hasValue(entry("Array", 3, 96));
    assertThat(histogram.entry("(synthetic)")).hasValue(entry("(synthetic)", 2, 0));
    assertThat(histogram.totalInstances()).isEqualTo(17);
    assertThat(histogram.entries().get(0).heapClass().name()).isEqualTo("Node / Child");
    assertThat(histogram.entries()).isEqualTo(V8GraphHistogram.of(graph));
  }

  private static V8Histogram.Entry entry(String name, long instances, long bytes) {
    return new V8Histogram.Entry(
        new io.heapcapture.analyzer.graph.HeapClass(name, ""), instances, bytes);
  }

  private String className(int node) {
    return graph.heapClass(graph.classOf(node)).name();
  }

  private List<String> edges(int node) {
    List<String> out = new ArrayList<>();
    for (int e = graph.firstEdge(node); e < graph.endEdge(node); e++) {
      out.add(graph.edgeName(e) + "->" + graph.edgeTarget(e));
    }
    return out;
  }

  static HeapGraph load(byte[] snapshot) {
    try {
      return V8SnapshotLoader.load(new ByteArrayInputStream(snapshot));
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
