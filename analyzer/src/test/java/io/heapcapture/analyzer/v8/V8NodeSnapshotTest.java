package io.heapcapture.analyzer.v8;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.heapcapture.analyzer.graph.HeapGraph;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Snapshots written by a real node process. */
class V8NodeSnapshotTest {
  @TempDir static Path dir;
  static Path chocolates;
  static HeapGraph graph;
  static JsonNode json;

  @BeforeAll
  static void takeSnapshot() throws Exception {
    chocolates = NodeSnapshots.write(dir, NodeSnapshots.CHOCOLATES);
    graph = V8SnapshotLoader.load(chocolates);
    json = TinySnapshot.MAPPER.readTree(chocolates.toFile()); // small enough for a tree here
  }

  @Test
  void histogramCountsEveryChocolate() throws Exception {
    V8Histogram histogram = V8Histogram.read(chocolates);

    assertThat(histogram.entry("Chocolate"))
        .get()
        .extracting(V8Histogram.Entry::instances)
        .isEqualTo(1234L);
    assertThat(histogram.totalInstances()).isEqualTo(json.at("/snapshot/node_count").asLong());
    assertThat(histogram.entries()).isEqualTo(V8GraphHistogram.of(graph));
  }

  @Test
  void graphHoldsEveryNodeAndEveryEdgeThatRetains() {
    JsonNode snapshot = json.get("snapshot");
    int nodeFields = snapshot.at("/meta/node_fields").size();
    int edgeFields = snapshot.at("/meta/edge_fields").size();
    assertThat(json.get("nodes").size()).isEqualTo(snapshot.get("node_count").asInt() * nodeFields);
    assertThat(json.get("edges").size()).isEqualTo(snapshot.get("edge_count").asInt() * edgeFields);

    assertThat(graph.nodeCount()).isEqualTo(snapshot.get("node_count").asInt());
    assertThat(graph.edgeCount())
        .isEqualTo(snapshot.get("edge_count").asInt() - nonEssentialEdges(json))
        .isGreaterThan(snapshot.get("edge_count").asInt() / 2);
    Set<Long> ids = new HashSet<>();
    for (int n = 0; n < graph.nodeCount(); n++) {
      assertThat(graph.objectId(n)).isEqualTo(json.get("nodes").get(n * nodeFields + 2).asLong());
      ids.add(graph.objectId(n));
    }
    assertThat(ids).hasSize(graph.nodeCount());
  }

  @Test
  void everyChocolateIsRetainedFromARootThroughBox() {
    int chocolate = classIndex("Chocolate");
    int[] parentEdge = new int[graph.nodeCount()];
    Arrays.fill(parentEdge, -2);
    ArrayDeque<Integer> queue = new ArrayDeque<>();
    for (int root : graph.roots()) {
      parentEdge[root] = -1;
      queue.add(root);
    }
    int[] parentNode = new int[graph.nodeCount()];
    int reached = 0;
    int first = -1;
    while (!queue.isEmpty()) {
      int node = queue.poll();
      if (graph.classOf(node) == chocolate) {
        reached++;
        first = first < 0 ? node : first;
      }
      for (int e = graph.firstEdge(node); e < graph.endEdge(node); e++) {
        int target = graph.edgeTarget(e);
        if (parentEdge[target] == -2) {
          parentEdge[target] = e;
          parentNode[target] = node;
          queue.add(target);
        }
      }
    }
    assertThat(reached).isEqualTo(1234);

    List<String> path = new ArrayList<>();
    for (int n = first; parentEdge[n] >= 0; n = parentNode[n]) {
      path.add(0, graph.edgeName(parentEdge[n]));
    }
    assertThat(path).contains("box");
    assertThat(path.get(path.size() - 1)).matches("\\[\\d+]");

    List<String> fields = new ArrayList<>();
    for (int e = graph.firstEdge(first); e < graph.endEdge(first); e++) {
      fields.add(
          graph.edgeName(e) + ":" + graph.heapClass(graph.classOf(graph.edgeTarget(e))).name());
    }
    assertThat(fields).contains("sugar:Array");
  }

  @Test
  void weakMapValueIsRetainedByItsKeyNotByTheTable() throws Exception {
    Path snapshot =
        NodeSnapshots.write(
            dir,
            """
            class Key {}
            class Secret { constructor() { this.payload = new Array(100).fill(1); } }
            globalThis.keys = [];
            globalThis.map = new WeakMap();
            for (let i = 0; i < 10; i++) {
              const key = new Key();
              keys.push(key);
              map.set(key, new Secret());
            }
            """);
    HeapGraph weakMaps = V8SnapshotLoader.load(snapshot);
    int key = classIndex(weakMaps, "Key");
    int secret = classIndex(weakMaps, "Secret");
    int fromKeys = 0;
    for (int n = 0; n < weakMaps.nodeCount(); n++) {
      for (int e = weakMaps.firstEdge(n); e < weakMaps.endEdge(n); e++) {
        if (weakMaps.classOf(weakMaps.edgeTarget(e)) == secret) {
          String retainer = weakMaps.heapClass(weakMaps.classOf(n)).name();
          assertThat(retainer)
              .as("the WeakMap's table (an array) does not retain")
              .isNotEqualTo("(array)");
          fromKeys += weakMaps.classOf(n) == key ? 1 : 0;
        }
      }
    }
    assertThat(fromKeys).isEqualTo(10);
  }

  /** DevTools' rule, written plainly against the JSON tree. */
  private static int nonEssentialEdges(JsonNode json) {
    JsonNode meta = json.at("/snapshot/meta");
    int nodeFields = meta.get("node_fields").size();
    int edgeFields = meta.get("edge_fields").size();
    List<String> edgeTypes = new ArrayList<>();
    meta.at("/edge_types/0").forEach(t -> edgeTypes.add(t.asText()));
    JsonNode nodes = json.get("nodes");
    JsonNode edges = json.get("edges");
    JsonNode strings = json.get("strings");
    int dropped = 0;
    int edge = 0;
    for (int node = 0; node < nodes.size() / nodeFields; node++) {
      int count = nodes.get(node * nodeFields + 4).asInt();
      for (int i = 0; i < count; i++, edge++) {
        String type = edgeTypes.get(edges.get(edge * edgeFields).asInt());
        int to = edges.get(edge * edgeFields + 2).asInt() / nodeFields;
        boolean weakMapTable =
            type.equals("internal")
                && strings
                    .get(edges.get(edge * edgeFields + 1).asInt())
                    .asText()
                    .endsWith("(table @" + nodes.get(node * nodeFields + 2).asLong() + ")");
        if (type.equals("weak")
            || (type.equals("shortcut") && node != 0)
            || to == node
            || weakMapTable) {
          dropped++;
        }
      }
    }
    return dropped;
  }

  private static int classIndex(String name) {
    return classIndex(graph, name);
  }

  private static int classIndex(HeapGraph g, String name) {
    for (int c = 0; c < g.classes().size(); c++) {
      if (g.heapClass(c).name().equals(name)) {
        return c;
      }
    }
    throw new AssertionError("no class " + name);
  }
}
