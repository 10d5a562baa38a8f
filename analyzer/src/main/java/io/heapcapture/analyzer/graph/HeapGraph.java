package io.heapcapture.analyzer.graph;

import java.util.List;

/**
 * An immutable object graph. Nodes are numbered 0..nodeCount-1; the references of node {@code n}
 * are edges {@code firstEdge(n)} (inclusive) to {@code firstEdge(n + 1)} (exclusive).
 *
 * <p>Edge names are stored as one int per edge ({@link #edgeNameIndex}): a field name is interned
 * and its index (>= 0) points into {@link #names()}; an array slot {@code i} is coded as {@code -(i
 * + 1)} and has no string of its own, since a large array would otherwise intern one string per
 * slot. {@link #edgeName} renders either kind, slots as {@code "[i]"}.
 */
public final class HeapGraph {
  private final long[] objectIds;
  private final int[] classOf;
  private final long[] shallowSizes;
  private final int[] edgeStart;
  private final int[] edgeTargets;
  private final int[] edgeNames;
  private final int[] roots;
  private final java.util.BitSet classObjects;
  private final java.util.BitSet preferredRoots;
  private final java.util.BitSet lastingRoots;
  private final java.util.BitSet loaderClasses;
  private final List<HeapClass> classes;
  private final List<String> names;

  HeapGraph(
      long[] objectIds,
      int[] classOf,
      long[] shallowSizes,
      int[] edgeStart,
      int[] edgeTargets,
      int[] edgeNames,
      int[] roots,
      java.util.BitSet classObjects,
      java.util.BitSet[] rootRanks,
      java.util.BitSet loaderClasses,
      List<HeapClass> classes,
      List<String> names) {
    this.objectIds = objectIds;
    this.classOf = classOf;
    this.shallowSizes = shallowSizes;
    this.edgeStart = edgeStart;
    this.edgeTargets = edgeTargets;
    this.edgeNames = edgeNames;
    this.roots = roots;
    this.classObjects = classObjects;
    this.preferredRoots = rootRanks[0];
    this.lastingRoots = rootRanks[1];
    this.loaderClasses = loaderClasses;
    this.classes = List.copyOf(classes);
    this.names = List.copyOf(names);
  }

  public int nodeCount() {
    return classOf.length;
  }

  public int edgeCount() {
    return edgeTargets.length;
  }

  /** The id the dump gave the object (its address for HPROF). */
  public long objectId(int node) {
    return objectIds[node];
  }

  public int classOf(int node) {
    return classOf[node];
  }

  public HeapClass heapClass(int classIndex) {
    return classes.get(classIndex);
  }

  public List<HeapClass> classes() {
    return classes;
  }

  public long shallowSize(int node) {
    return shallowSizes[node];
  }

  public int firstEdge(int node) {
    return edgeStart[node];
  }

  public int endEdge(int node) {
    return edgeStart[node + 1];
  }

  public int edgeTarget(int edge) {
    return edgeTargets[edge];
  }

  /**
   * The coded name of an edge: an index into {@link #names()} if >= 0, else the array slot {@code
   * -(code + 1)} (see {@link HeapGraphBuilder#slotName}).
   */
  public int edgeNameIndex(int edge) {
    return edgeNames[edge];
  }

  /** The array slot an edge refers through, or -1 if it is a named reference (a field). */
  public int edgeSlot(int edge) {
    int code = edgeNames[edge];
    return code < 0 ? -(code + 1) : -1;
  }

  /** The edge's name: a field name as interned, or {@code "[i]"} for array slot {@code i}. */
  public String edgeName(int edge) {
    int code = edgeNames[edge];
    return code >= 0 ? names.get(code) : "[" + -(code + 1) + "]";
  }

  /** The interned edge names, indexed by non-negative {@link #edgeNameIndex} codes; no slots. */
  public List<String> names() {
    return names;
  }

  /**
   * Whether the node is a class object: its {@link #classOf} is the class it represents (so paths
   * name static fields by their class), but it is an instance of java.lang.Class.
   */
  public boolean isClassObject(int node) {
    return classObjects.get(node);
  }

  /**
   * Whether paths should start from this root when they can: the program's own entry points (class
   * objects, whose references are static fields; a V8 snapshot's global objects) rather than what
   * holds objects only for a while (stack frames, handles, the runtime's internals).
   */
  public boolean isPreferredRoot(int node) {
    return classObjects.get(node) || preferredRoots.get(node);
  }

  /**
   * The order in which paths start from a root: 0 for the program's own entry points ({@link
   * #isPreferredRoot}), 1 for roots that last (thread objects, JNI globals), 2 for the rest (a
   * stack frame's locals, monitors, native stacks), which hold an object only for a while.
   */
  public int rootRank(int node) {
    return isPreferredRoot(node) ? 0 : lastingRoots.get(node) ? 1 : 2;
  }

  /** Whether instances of this class are the class loaders of classes in the dump. */
  public boolean isClassLoaderClass(int classIndex) {
    return loaderClasses.get(classIndex);
  }

  /** GC roots (distinct nodes), the entry points of reachability. */
  public int[] roots() {
    return roots.clone();
  }

  public int rootCount() {
    return roots.length;
  }

  public int root(int i) {
    return roots[i];
  }
}
