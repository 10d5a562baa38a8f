package io.heapcapture.analyzer.suspects;

import io.heapcapture.analyzer.graph.HeapGraph;
import io.heapcapture.analyzer.graph.PathShapes;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The other references that hold the objects of a shape: the path from a GC root names one holder,
 * but objects that two collections share (a registry's map by id and its map by pre-filter id; an
 * event bus's handlers and a close hook's list) have two, and a person fixing the leak needs to
 * know both. A sample of the shape's objects is taken, one pass over all references finds what
 * refers to them, and each holder that refers to a good part of the sample is named the way {@link
 * LeakSuspects} names holders: the last reference from an object that is no collection's.
 */
final class OtherHolders {
  private static final int SAMPLE = 256;
  private static final double SHARE = 0.25;
  private static final int MAX = 2;

  private OtherHolders() {}

  static List<String> of(HeapGraph graph, PathShapes shapes, int shape, String primary) {
    BitSet sample = new BitSet(graph.nodeCount());
    int sampled = 0;
    for (int n = 0; n < graph.nodeCount() && sampled < SAMPLE; n++) {
      if (shapes.of(n) == shape) {
        sample.set(n);
        sampled++;
      }
    }
    if (sampled == 0) {
      return List.of();
    }
    // Holder text → how many sampled objects it refers to (each object once per holder text).
    Map<String, BitSet> referrers = new LinkedHashMap<>();
    Map<Integer, String> names = new LinkedHashMap<>();
    for (int n = 0; n < graph.nodeCount(); n++) {
      int holderShape = shapes.of(n);
      if (holderShape == PathShapes.NONE) {
        continue;
      }
      for (int e = graph.firstEdge(n), end = graph.endEdge(n); e < end; e++) {
        int target = graph.edgeTarget(e);
        if (!sample.get(target) || graph.edgeName(e).equals("<class>")) {
          continue;
        }
        String text = names.computeIfAbsent(holderShape, k -> fieldHolding(shapes, holderShape));
        if (text != null) {
          referrers.computeIfAbsent(text, t -> new BitSet()).set(target);
        }
      }
    }
    List<String> others = new ArrayList<>();
    for (Map.Entry<String, BitSet> r : referrers.entrySet()) {
      if (!primary.startsWith(r.getKey())
          && r.getValue().cardinality() >= SHARE * sampled
          && others.size() < MAX) {
        others.add(r.getKey());
      }
    }
    return others;
  }

  /**
   * The reference from outside any collection that holds the collection {@code holderShape}'s
   * objects belong to, or null when no collection holds them (an application object, or a root).
   */
  private static String fieldHolding(PathShapes shapes, int holderShape) {
    Holding holding = Holding.of(shapes, holderShape, shapes.steps(holderShape).size());
    return holding.collectionShape() < 0 ? null : holding.field();
  }
}
