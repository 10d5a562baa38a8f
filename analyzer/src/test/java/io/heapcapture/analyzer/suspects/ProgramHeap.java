package io.heapcapture.analyzer.suspects;

import io.heapcapture.analyzer.graph.DominatorTree;
import io.heapcapture.analyzer.graph.GcRootPaths;
import io.heapcapture.analyzer.graph.HeapClass;
import io.heapcapture.analyzer.graph.HeapGraph;
import io.heapcapture.analyzer.graph.HeapGraphBuilder;
import io.heapcapture.analyzer.graph.RetainedSizes;
import io.heapcapture.analyzer.report.LeakSuspect;
import java.util.List;

/**
 * The heap of a made-up program, built object by object as an HPROF loader would (class objects for
 * statics, slots for array elements), to show the suspect rules on structures small enough to read.
 * Build one per "dump" with the same code and different sizes.
 */
final class ProgramHeap {
  private final HeapGraphBuilder builder = new HeapGraphBuilder();
  private long nextId = 1;

  /** A class object: a GC root whose references are static fields. */
  int classObject(String className) {
    int node = builder.addNode(nextId++, classIndex(className), 64);
    builder.markClassObject(node);
    builder.addRoot(node);
    return node;
  }

  /** An object that is the class loader of some class. */
  int classLoader(String className) {
    int node = object(className, 96);
    builder.markClassLoader(node);
    return node;
  }

  /** A class object that is not a GC root: its loader keeps it. */
  int loadedClass(String className) {
    int node = builder.addNode(nextId++, classIndex(className), 64);
    builder.markClassObject(node);
    return node;
  }

  int object(String className, long size) {
    return builder.addNode(nextId++, classIndex(className), size);
  }

  /** A thread: a GC root. */
  int thread() {
    int node = object("java.lang.Thread", 120);
    builder.addRoot(node);
    return node;
  }

  void field(int from, String name, int to) {
    builder.addEdge(from, to, builder.nameIndex(name));
  }

  void staticField(int classObject, String name, int to) {
    field(classObject, "static " + name, to);
  }

  void slot(int array, int index, int to) {
    builder.addEdge(array, to, HeapGraphBuilder.slotName(index));
  }

  /** An ArrayList of these elements; returns the list. */
  int arrayList(int... elements) {
    int list = object("java.util.ArrayList", 24);
    int array = object("java.lang.Object[]", 16 + 4L * elements.length);
    field(list, "elementData", array);
    for (int i = 0; i < elements.length; i++) {
      slot(array, i, elements[i]);
    }
    return list;
  }

  /** A HashMap whose values are these; keys are small strings. */
  int hashMap(int... values) {
    int map = object("java.util.HashMap", 48);
    int table = object("java.util.HashMap$Node[]", 16 + 4L * values.length);
    field(map, "table", table);
    for (int i = 0; i < values.length; i++) {
      int node = object("java.util.HashMap$Node", 32);
      slot(table, i, node);
      field(node, "key", object("java.lang.String", 24));
      field(node, "value", values[i]);
    }
    return map;
  }

  private int classIndex(String name) {
    return builder.classIndex(new HeapClass(name, ""));
  }

  HeapGraph graph() {
    return builder.build();
  }

  /** What the analysis keeps of this heap as a baseline. */
  BaselineShapes asBaseline() {
    HeapGraph graph = graph();
    DominatorTree tree = DominatorTree.compute(graph);
    return LeakSuspects.baseline(
        GcRootPaths.compute(graph), tree, RetainedSizes.compute(graph, tree));
  }

  /** The suspects of this heap against {@code baseline} (null for none). */
  List<LeakSuspect> suspects(BaselineShapes baseline) {
    HeapGraph graph = graph();
    DominatorTree tree = DominatorTree.compute(graph);
    return new LeakSuspects(5)
        .find(GcRootPaths.compute(graph), tree, RetainedSizes.compute(graph, tree), baseline);
  }
}
