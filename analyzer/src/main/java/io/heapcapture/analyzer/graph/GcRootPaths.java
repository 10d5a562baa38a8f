package io.heapcapture.analyzer.graph;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A shortest reference path (fewest references) from a GC root to every object, which names the
 * fields and array slots that keep an object alive, and the {@link PathShapes shape} of each path.
 *
 * <p>Paths start from class objects where they can: the search runs breadth-first from the GC roots
 * that are class objects (whose references are static fields) first, and only then goes on from the
 * other roots (threads, stack frames, JNI handles). An object that a static field holds gets a path
 * from that static even when a thread's stack happens to hold it too at the moment of the dump, so
 * the same structure gets the same path in two dumps of a program, and a person reading the path
 * sees the field the program keeps it in.
 *
 * <p>Each node records only the edge it was first reached by; the edge's source is found again by
 * binary search over the graph's edge offsets, so the paths cost one int per node, and the shapes
 * one more.
 *
 * <p>Rendering follows the edge names: an edge named {@code [i]} is an array slot and is written
 * after the array's class ({@code java.lang.Object[][12]}); an edge named {@code static F} is a
 * static field, held by a class object whose class is the class that declares it ({@code static
 * io.example.Cache.SESSIONS}); any other edge is a field of the holder's class ({@code
 * java.util.ArrayList.elementData}).
 */
public final class GcRootPaths {
  private static final int ROOT = -1;
  private static final int UNREACHED = -2;
  private static final String STATIC = "static ";

  /** One object on a path, and the reference it holds to the next one (null on the last). */
  public record PathStep(int node, HeapClass heapClass, String reference) {
    /** This step as written in a path: holder and reference, or just the class on the last. */
    public String render() {
      return GcRootPaths.render(heapClass, reference);
    }
  }

  /** A holder and the reference it holds, as written in a path. */
  static String render(HeapClass heapClass, String reference) {
    if (reference == null) {
      return heapClass.name();
    }
    if (reference.startsWith(STATIC)) {
      return STATIC + heapClass.name() + "." + reference.substring(STATIC.length());
    }
    if (reference.startsWith("[")) {
      return heapClass.name() + reference;
    }
    return heapClass.name() + "." + reference;
  }

  private final HeapGraph graph;
  // The edge that first reached each node, ROOT for roots, UNREACHED for the rest.
  private final int[] via;
  private final PathShapes shapes;

  private GcRootPaths(HeapGraph graph, int[] via, PathShapes shapes) {
    this.graph = graph;
    this.via = via;
    this.shapes = shapes;
  }

  public static GcRootPaths compute(HeapGraph graph) {
    int n = graph.nodeCount();
    int[] via = new int[n];
    Arrays.fill(via, UNREACHED);
    PathShapes shapes = new PathShapes(graph);
    int[] queue = new int[n];
    int tail = 0;
    int head = 0;
    for (int rank = 0; rank <= 2; rank++) {
      for (int i = 0; i < graph.rootCount(); i++) {
        int root = graph.root(i);
        if (via[root] == UNREACHED && graph.rootRank(root) == rank) {
          via[root] = ROOT;
          shapes.root(root);
          queue[tail++] = root;
        }
      }
      for (; head < tail; head++) {
        int node = queue[head];
        for (int e = graph.firstEdge(node), end = graph.endEdge(node); e < end; e++) {
          int target = graph.edgeTarget(e);
          if (via[target] == UNREACHED) {
            via[target] = e;
            shapes.reached(node, e, target);
            queue[tail++] = target;
          }
        }
      }
    }
    return new GcRootPaths(graph, via, shapes);
  }

  /** The graph the paths run in. */
  public HeapGraph graph() {
    return graph;
  }

  /** The shapes of the paths. */
  public PathShapes shapes() {
    return shapes;
  }

  public boolean isReachable(int node) {
    return via[node] != UNREACHED;
  }

  /**
   * The steps from a GC root to {@code node}, the root first and {@code node} last; empty if no
   * root reaches it.
   */
  public List<PathStep> pathTo(int node) {
    if (!isReachable(node)) {
      return List.of();
    }
    List<PathStep> steps = new ArrayList<>();
    steps.add(new PathStep(node, graph.heapClass(graph.classOf(node)), null));
    for (int current = node; via[current] != ROOT; ) {
      int edge = via[current];
      int holder = sourceOf(edge);
      steps.add(new PathStep(holder, graph.heapClass(graph.classOf(holder)), graph.edgeName(edge)));
      current = holder;
    }
    Collections.reverse(steps);
    return steps;
  }

  /**
   * The path to {@code node} on one line, e.g. {@code static io.example.Cache.SESSIONS →
   * java.util.ArrayList.elementData → java.lang.Object[][12] → io.example.Session}; empty if no
   * root reaches it.
   */
  public String describePathTo(int node) {
    return render(pathTo(node));
  }

  public static String render(List<PathStep> steps) {
    return steps.stream().map(PathStep::render).collect(Collectors.joining(" → "));
  }

  /** The node whose edge range holds {@code edge}: the last node whose first edge is <= edge. */
  private int sourceOf(int edge) {
    int low = 0;
    int high = graph.nodeCount() - 1;
    while (low < high) {
      int mid = (low + high + 1) >>> 1;
      if (graph.firstEdge(mid) <= edge) {
        low = mid;
      } else {
        high = mid - 1;
      }
    }
    return low;
  }
}
