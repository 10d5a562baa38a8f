package io.heapcapture.analyzer.graph;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds a {@link HeapGraph}. Nodes are added first (any order of ids); edges may then be added in
 * any order of source and are grouped by source at {@link #build()} with a counting sort, so a
 * parser can emit references in file order.
 *
 * <p>While edges arrive grouped by source in ascending order (as an HPROF loader emits them: each
 * object's references right after the object), the builder keeps a count per source instead of a
 * source per edge and needs no sort: 8 bytes per edge instead of 12, and {@link #build()} hands its
 * arrays to the graph without copying them when they are exactly full. The first edge out of order
 * switches to a source per edge. A builder builds one graph: it cannot be used after {@link
 * #build()}.
 */
public final class HeapGraphBuilder {
  private long[] ids;
  private int[] classOf;
  private long[] sizes;
  private int nodes;
  // Edges by source while they arrive in source order: outDegree[n] edges of node n, in order.
  private int[] outDegree;
  private int lastSource;
  // The source of each edge, once an edge has arrived out of order (then outDegree is null).
  private int[] edgeSources;
  private int[] edgeTargets;
  private int[] edgeNames;
  private int edges;
  private boolean built;
  private final List<HeapClass> classes = new ArrayList<>();
  private final Map<HeapClass, Integer> classIndex = new HashMap<>();
  private final List<String> names = new ArrayList<>();
  private final Map<String, Integer> nameIndex = new HashMap<>();
  private final java.util.BitSet rootSet = new java.util.BitSet();
  private final java.util.BitSet classObjects = new java.util.BitSet();
  private final java.util.BitSet preferredRoots = new java.util.BitSet();
  private final java.util.BitSet classLoaders = new java.util.BitSet();
  private final java.util.BitSet lastingRoots = new java.util.BitSet();

  public HeapGraphBuilder() {
    this(1024, 4096);
  }

  /**
   * A builder sized for about this many nodes and edges, so that a loader that knows the counts
   * avoids growing (and, while growing, briefly holding twice) the per-node and per-edge arrays.
   * More may still be added.
   */
  public HeapGraphBuilder(int expectedNodes, int expectedEdges) {
    if (expectedNodes < 0 || expectedEdges < 0) {
      throw new IllegalArgumentException(
          "negative expected size: " + expectedNodes + " nodes, " + expectedEdges + " edges");
    }
    ids = new long[expectedNodes];
    classOf = new int[expectedNodes];
    sizes = new long[expectedNodes];
    outDegree = new int[expectedNodes];
    edgeTargets = new int[expectedEdges];
    edgeNames = new int[expectedEdges];
  }

  /** The index of a class, adding it on first use. */
  public int classIndex(HeapClass heapClass) {
    return classIndex.computeIfAbsent(
        heapClass,
        c -> {
          classes.add(c);
          return classes.size() - 1;
        });
  }

  /**
   * The name code of array slot {@code slot} (>= 0), for {@link #addEdge}: {@code -(slot + 1)},
   * rendered {@code "[slot]"} by {@link HeapGraph#edgeName} without interning a string.
   */
  public static int slotName(int slot) {
    if (slot < 0) {
      throw new IllegalArgumentException("negative array slot " + slot);
    }
    return -slot - 1;
  }

  /**
   * The index of a field's edge name, adding it on first use; array slots use {@link #slotName}.
   */
  public int nameIndex(String name) {
    return nameIndex.computeIfAbsent(
        name,
        n -> {
          names.add(n);
          return names.size() - 1;
        });
  }

  /** Adds an object and returns its node number. */
  public int addNode(long objectId, int classIndex, long shallowSize) {
    checkNotBuilt();
    if (nodes == ids.length) {
      int grown = grow(nodes);
      ids = Arrays.copyOf(ids, grown);
      classOf = Arrays.copyOf(classOf, grown);
      sizes = Arrays.copyOf(sizes, grown);
      if (outDegree != null) {
        outDegree = Arrays.copyOf(outDegree, grown);
      }
    }
    ids[nodes] = objectId;
    classOf[nodes] = classIndex;
    sizes[nodes] = shallowSize;
    return nodes++;
  }

  public int nodeCount() {
    return nodes;
  }

  /**
   * Adds a reference from node {@code source} to node {@code target}, named by a {@link #nameIndex}
   * or a {@link #slotName} code.
   */
  public void addEdge(int source, int target, int nameIndex) {
    checkNotBuilt();
    if (source < 0 || source >= nodes) {
      throw new IllegalArgumentException("edge from node " + source + " of " + nodes);
    }
    if (outDegree != null && source < lastSource) {
      edgesOutOfOrder();
    }
    if (edges == edgeTargets.length) {
      int grown = grow(edges);
      edgeTargets = Arrays.copyOf(edgeTargets, grown);
      edgeNames = Arrays.copyOf(edgeNames, grown);
      if (edgeSources != null) {
        edgeSources = Arrays.copyOf(edgeSources, grown);
      }
    }
    if (outDegree != null) {
      outDegree[source]++;
      lastSource = source;
    } else {
      edgeSources[edges] = source;
    }
    edgeTargets[edges] = target;
    edgeNames[edges] = nameIndex;
    edges++;
  }

  /** Marks a node as a GC root; marking twice is harmless. */
  public void addRoot(int node) {
    rootSet.set(node);
  }

  /**
   * Marks a root as one that paths should start from when they can (see {@link
   * HeapGraph#isPreferredRoot}); class objects are preferred without this.
   */
  public void preferRoot(int node) {
    preferredRoots.set(node);
  }

  /**
   * Marks a root as one that lasts (a thread object, a JNI global), as opposed to a stack frame's
   * local or a monitor: paths start from it before those (see {@link HeapGraph#rootRank}).
   */
  public void lastingRoot(int node) {
    lastingRoots.set(node);
  }

  /** Marks a node as the class loader of some class. */
  public void markClassLoader(int node) {
    classLoaders.set(node);
  }

  /**
   * Marks a node as a class object (java.lang.Class instance). Such a node carries the class it
   * represents, so paths read {@code static Cache.ITEMS}; histograms count it as java.lang.Class.
   */
  public void markClassObject(int node) {
    classObjects.set(node);
  }

  /** The graph; the builder cannot be used afterwards (the graph may share its arrays). */
  public HeapGraph build() {
    checkNotBuilt();
    built = true;
    int[] start = new int[nodes + 1];
    int[] targets;
    int[] edgeNameIds;
    if (outDegree != null) {
      for (int n = 0; n < nodes; n++) {
        start[n + 1] = start[n] + outDegree[n];
      }
      outDegree = null;
      targets = exactly(edgeTargets, edges);
      edgeNameIds = exactly(edgeNames, edges);
    } else {
      for (int e = 0; e < edges; e++) {
        start[edgeSources[e] + 1]++;
      }
      for (int n = 0; n < nodes; n++) {
        start[n + 1] += start[n];
      }
      int[] next = Arrays.copyOf(start, nodes);
      targets = new int[edges];
      edgeNameIds = new int[edges];
      for (int e = 0; e < edges; e++) {
        int slot = next[edgeSources[e]]++;
        targets[slot] = edgeTargets[e];
        edgeNameIds[slot] = edgeNames[e];
      }
      edgeSources = null;
    }
    edgeTargets = null;
    edgeNames = null;
    int[] roots = rootSet.stream().toArray();
    java.util.BitSet loaderClasses = new java.util.BitSet();
    classLoaders.stream().forEach(n -> loaderClasses.set(classOf[n]));
    HeapGraph graph =
        new HeapGraph(
            exactly(ids, nodes),
            exactly(classOf, nodes),
            exactly(sizes, nodes),
            start,
            targets,
            edgeNameIds,
            roots,
            (java.util.BitSet) classObjects.clone(),
            new java.util.BitSet[] {
              (java.util.BitSet) preferredRoots.clone(), (java.util.BitSet) lastingRoots.clone()
            },
            loaderClasses,
            classes,
            names);
    ids = null;
    classOf = null;
    sizes = null;
    return graph;
  }

  /** Switches from counts per source to a source per edge, for edges arriving out of order. */
  private void edgesOutOfOrder() {
    edgeSources = new int[edgeTargets.length];
    for (int n = 0, e = 0; n < nodes; n++) {
      for (int k = 0; k < outDegree[n]; k++) {
        edgeSources[e++] = n;
      }
    }
    outDegree = null;
  }

  private void checkNotBuilt() {
    if (built) {
      throw new IllegalStateException("this builder has built its graph already");
    }
  }

  private static int[] exactly(int[] array, int length) {
    return array.length == length ? array : Arrays.copyOf(array, length);
  }

  private static long[] exactly(long[] array, int length) {
    return array.length == length ? array : Arrays.copyOf(array, length);
  }

  private static int grow(int size) {
    long grown = Math.max(16, (long) size + (size >> 1));
    if (grown > Integer.MAX_VALUE - 8) {
      throw new IllegalStateException("heap graph too large: more than 2^31 nodes or edges");
    }
    return (int) grown;
  }
}
