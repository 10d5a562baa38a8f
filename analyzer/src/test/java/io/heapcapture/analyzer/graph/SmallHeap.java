package io.heapcapture.analyzer.graph;

import java.util.LinkedHashMap;
import java.util.Map;

/** A heap written by hand in tests, objects named by labels instead of node numbers. */
final class SmallHeap {
  private final HeapGraphBuilder builder = new HeapGraphBuilder();
  private final Map<String, Integer> nodes = new LinkedHashMap<>();
  private HeapGraph graph;

  /** Adds objects of the given class, each of the given shallow size. */
  SmallHeap objects(String className, long size, String... labels) {
    for (String label : labels) {
      int node =
          builder.addNode(nodes.size() + 1, builder.classIndex(new HeapClass(className, "")), size);
      nodes.put(label, node);
    }
    return this;
  }

  /** Adds references {@code from -> to} named {@code name}; {@code "[i]"} is array slot i. */
  SmallHeap ref(String from, String name, String to) {
    int code =
        name.matches("\\[\\d+]")
            ? HeapGraphBuilder.slotName(Integer.parseInt(name.substring(1, name.length() - 1)))
            : builder.nameIndex(name);
    builder.addEdge(node(from), node(to), code);
    return this;
  }

  /** Adds unnamed references written as {@code "A>B"}. */
  SmallHeap refs(String... arrows) {
    for (String arrow : arrows) {
      String[] ends = arrow.split(">");
      ref(ends[0], "f", ends[1]);
    }
    return this;
  }

  SmallHeap roots(String... labels) {
    for (String label : labels) {
      builder.addRoot(node(label));
    }
    return this;
  }

  HeapGraph graph() {
    if (graph == null) {
      graph = builder.build();
    }
    return graph;
  }

  int node(String label) {
    Integer node = nodes.get(label);
    if (node == null) {
      throw new IllegalArgumentException("no object " + label);
    }
    return node;
  }

  String label(int node) {
    return switch (node) {
      case DominatorTree.SUPER_ROOT -> "super-root";
      case DominatorTree.UNREACHABLE -> "unreachable";
      default ->
          nodes.entrySet().stream()
              .filter(e -> e.getValue() == node)
              .map(Map.Entry::getKey)
              .findFirst()
              .orElseThrow();
    };
  }

  int classIndex(String className) {
    return builder.classIndex(new HeapClass(className, ""));
  }

  Iterable<String> labels() {
    return nodes.keySet();
  }
}
