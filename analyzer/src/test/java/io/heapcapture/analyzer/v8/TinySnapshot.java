package io.heapcapture.analyzer.v8;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * A hand-made snapshot in V8's format, small enough to reason about node by node; {@link #json()}
 * gives its tree so a test can break it on purpose.
 */
final class TinySnapshot {
  static final ObjectMapper MAPPER = new ObjectMapper();
  static final List<String> NODE_TYPES =
      List.of(
          "hidden",
          "array",
          "string",
          "object",
          "code",
          "closure",
          "regexp",
          "number",
          "native",
          "synthetic",
          "concatenated string",
          "sliced string",
          "symbol",
          "bigint",
          "object shape");
  static final List<String> EDGE_TYPES =
      List.of("context", "element", "property", "internal", "hidden", "shortcut", "weak");
  static final int NODE_FIELDS = 7;

  private final List<String> strings = new ArrayList<>();
  private final List<long[]> nodes = new ArrayList<>();
  private final List<List<long[]>> edges = new ArrayList<>();

  /** Adds a node and returns its ordinal. */
  int node(String type, String name, long id, long selfSize) {
    nodes.add(new long[] {NODE_TYPES.indexOf(type), string(name), id, selfSize});
    edges.add(new ArrayList<>());
    return nodes.size() - 1;
  }

  /** Adds a named edge (property, internal, context, shortcut, weak). */
  TinySnapshot edge(int from, String type, String name, int to) {
    edges.get(from).add(new long[] {EDGE_TYPES.indexOf(type), string(name), to});
    return this;
  }

  /** Adds an indexed edge (element, hidden). */
  TinySnapshot edge(int from, String type, int index, int to) {
    edges.get(from).add(new long[] {EDGE_TYPES.indexOf(type), index, to});
    return this;
  }

  ObjectNode json() {
    ObjectNode root = MAPPER.createObjectNode();
    ObjectNode snapshot = root.putObject("snapshot");
    ObjectNode meta = snapshot.putObject("meta");
    meta.putArray("node_fields")
        .add("type")
        .add("name")
        .add("id")
        .add("self_size")
        .add("edge_count")
        .add("trace_node_id")
        .add("detachedness");
    ArrayNode nodeTypes = meta.putArray("node_types");
    NODE_TYPES.forEach(nodeTypes.addArray()::add);
    nodeTypes.add("string").add("number").add("number").add("number").add("number").add("number");
    meta.putArray("edge_fields").add("type").add("name_or_index").add("to_node");
    ArrayNode edgeTypes = meta.putArray("edge_types");
    EDGE_TYPES.forEach(edgeTypes.addArray()::add);
    edgeTypes.add("string_or_number").add("node");
    int edgeCount = edges.stream().mapToInt(List::size).sum();
    snapshot.put("node_count", nodes.size()).put("edge_count", edgeCount);
    snapshot.put("trace_function_count", 0);
    ArrayNode nodeArray = root.putArray("nodes");
    for (int n = 0; n < nodes.size(); n++) {
      long[] node = nodes.get(n);
      nodeArray.add(node[0]).add(node[1]).add(node[2]).add(node[3]).add(edges.get(n).size());
      nodeArray.add(0).add(0);
    }
    ArrayNode edgeArray = root.putArray("edges");
    for (List<long[]> out : edges) {
      for (long[] edge : out) {
        edgeArray.add(edge[0]).add(edge[1]).add(edge[2] * NODE_FIELDS);
      }
    }
    root.putArray("trace_function_infos");
    root.putArray("trace_tree");
    root.putArray("samples");
    root.putArray("locations");
    ArrayNode stringArray = root.putArray("strings");
    strings.forEach(stringArray::add);
    return root;
  }

  byte[] bytes() {
    return bytes(json());
  }

  static byte[] bytes(ObjectNode json) {
    try {
      return MAPPER.writeValueAsBytes(json);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private int string(String s) {
    int index = strings.indexOf(s);
    if (index < 0) {
      strings.add(s);
      index = strings.size() - 1;
    }
    return index;
  }

  /** Ordinals of {@link #sample()}. */
  static final int ROOT = 0,
      GC_ROOTS = 1,
      GLOBAL = 2,
      BOX = 3,
      ELEMENTS = 4,
      CHOC_A = 5,
      CHOC_B = 6,
      SUGAR_A = 7,
      SUGAR_B = 8,
      WEAKLY_HELD = 9,
      WEAK_MAP = 10,
      TABLE = 11,
      VALUE = 12,
      ORPHAN = 13,
      ORPHAN_CHILD = 14,
      CYCLE_A = 15,
      CYCLE_B = 16;

  static final int SAMPLE_EDGES = 19;
  static final int SAMPLE_ESSENTIAL_EDGES = 15;
  static final String WEAK_MAP_EDGE =
      "1 / part of key (Chocolate @11) -> value (Value @25) pair in WeakMap (table @23)";

  /**
   * A synthetic root over {@code (GC roots)} and a global object (by a shortcut); two Chocolates in
   * the global {@code box} array; a node held only weakly; a WeakMap whose value is held by its key
   * and its table; an orphan with a child; and an unreachable cycle. Also a self reference and a
   * non-root shortcut, which do not retain.
   */
  static TinySnapshot sample() {
    TinySnapshot s = new TinySnapshot();
    s.node("synthetic", "", 1, 0);
    s.node("synthetic", "(GC roots)", 3, 0);
    s.node("object", "global", 5, 40);
    s.node("object", "Array", 7, 32);
    s.node("array", "(object elements)", 9, 24);
    s.node("object", "Chocolate", 11, 16);
    s.node("object", "Chocolate", 13, 16);
    s.node("object", "Array", 15, 32);
    s.node("object", "Array", 17, 32);
    s.node("closure", "foo", 19, 64);
    s.node("object", "WeakMap", 21, 24);
    s.node("hidden", "system / EphemeronHashTable", 23, 48);
    s.node("object", "Value", 25, 100);
    s.node("object", "Orphan", 27, 8);
    s.node("native", "Node / Child", 29, 1000);
    s.node("object", "CycleA", 31, 8);
    s.node("object", "CycleB", 33, 8);
    s.edge(ROOT, "element", 1, GC_ROOTS)
        .edge(ROOT, "shortcut", "1", GLOBAL)
        .edge(GC_ROOTS, "element", 1, GLOBAL)
        .edge(GLOBAL, "property", "box", BOX)
        .edge(GLOBAL, "weak", "w", WEAKLY_HELD)
        .edge(GLOBAL, "property", "wm", WEAK_MAP)
        .edge(BOX, "internal", "elements", ELEMENTS)
        .edge(BOX, "internal", "self", BOX)
        .edge(ELEMENTS, "element", 0, CHOC_A)
        .edge(ELEMENTS, "element", 1, CHOC_B)
        .edge(CHOC_A, "property", "sugar", SUGAR_A)
        .edge(CHOC_A, "shortcut", "s", BOX)
        .edge(CHOC_A, "internal", WEAK_MAP_EDGE, VALUE)
        .edge(CHOC_B, "property", "sugar", SUGAR_B)
        .edge(WEAK_MAP, "internal", "table", TABLE)
        .edge(TABLE, "internal", WEAK_MAP_EDGE, VALUE)
        .edge(ORPHAN, "property", "child", ORPHAN_CHILD)
        .edge(CYCLE_A, "property", "next", CYCLE_B)
        .edge(CYCLE_B, "property", "next", CYCLE_A);
    return s;
  }
}
