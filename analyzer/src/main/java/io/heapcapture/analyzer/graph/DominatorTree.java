package io.heapcapture.analyzer.graph;

import java.util.Arrays;

/**
 * The dominator tree of a {@link HeapGraph}: node {@code d} dominates node {@code x} when every
 * path from the GC roots to {@code x} passes through {@code d}, so freeing {@code d} frees {@code
 * x}. A virtual super-root sits above all GC roots; nodes that only it dominates (every GC root,
 * and everything reachable along independent paths from two roots) have {@link #SUPER_ROOT} as
 * their immediate dominator.
 *
 * <p>Computed with the simple version of Lengauer and Tarjan's algorithm ("A fast algorithm for
 * finding dominators in a flowgraph", 1979: path compression without balancing, O(m log n)). It has
 * no quadratic worst case, unlike Cooper-Harvey-Kennedy or Semi-NCA, whose walks up the tree become
 * quadratic on long dominator chains with side entries (a long linked list whose elements are also
 * held elsewhere), a shape heaps do have. Every step is a loop over int arrays, never a recursion,
 * because heap paths can be millions of objects deep.
 *
 * <p>Memory: while computing, about 5 ints per node, 3 per reachable node and 1 per reference
 * (about 1.2 GB for 30 M objects and 50 M references); the finished tree keeps about 2 ints per
 * node and 2 per reachable node.
 */
public final class DominatorTree {
  /** The immediate dominator of a node that only the virtual super-root dominates. */
  public static final int SUPER_ROOT = -1;

  /** The immediate dominator of a node that no GC root reaches. */
  public static final int UNREACHABLE = -2;

  private static final int NONE = -1;

  // The fields of one vertex in the interleaved forest array, see semiDominators.
  private static final int FOREST_STRIDE = 3;
  private static final int ANCESTOR = 0;
  private static final int LABEL = 1;
  private static final int LABEL_SEMI = 2;

  private final int[] idom;
  private final int[] preorder;
  // Children in CSR form; slot nodeCount stands for the super-root.
  private final int[] childStart;
  private final int[] children;

  private DominatorTree(int[] idom, int[] preorder) {
    this.idom = idom;
    this.preorder = preorder;
    int n = idom.length;
    childStart = new int[n + 2];
    children = new int[preorder.length];
    for (int x : preorder) {
      childStart[slot(idom[x]) + 1]++;
    }
    for (int i = 0; i <= n; i++) {
      childStart[i + 1] += childStart[i];
    }
    // Filling from the back while the start pointers move down keeps children in DFS order.
    int[] end = Arrays.copyOfRange(childStart, 1, n + 2);
    for (int i = preorder.length - 1; i >= 0; i--) {
      int x = preorder[i];
      children[--end[slot(idom[x])]] = x;
    }
  }

  /** Computes the dominator tree of everything the graph's GC roots reach. */
  public static DominatorTree compute(HeapGraph graph) {
    int n = graph.nodeCount();
    // Vertices are numbered in DFS preorder, 0 being the super-root; number[node] == 0 means
    // the node is not reached.
    int[] number = new int[n];
    int[] vertex = new int[n + 1];
    int[] parent = new int[n + 1];
    int[] cursor = new int[n + 1];
    int[] predStart = new int[n + 2];
    int count = depthFirstSearch(graph, number, vertex, parent, cursor, predStart);
    int[] preds = predecessors(graph, number, count, predStart);

    // Arrays are reused once their first job is done: at 15-30 M objects each costs 60-120 MB.
    int[] dom = cursor;
    int[] path = number;
    semiDominators(count, parent, predStart, preds, dom, path);
    preds = null; // the largest array: let it go before the results are allocated
    // Step 4: a vertex marked ~u has the immediate dominator of u, a smaller vertex.
    for (int w = 1; w < count; w++) {
      if (dom[w] < 0) {
        dom[w] = dom[~dom[w]];
      }
    }

    int[] idom = path;
    Arrays.fill(idom, UNREACHABLE);
    for (int w = 1; w < count; w++) {
      idom[vertex[w]] = dom[w] == 0 ? SUPER_ROOT : vertex[dom[w]];
    }
    return new DominatorTree(idom, Arrays.copyOfRange(vertex, 1, count));
  }

  /** The number of nodes of the graph, reachable or not. */
  public int nodeCount() {
    return idom.length;
  }

  /** The immediate dominator of a node, {@link #SUPER_ROOT} or {@link #UNREACHABLE}. */
  public int immediateDominator(int node) {
    return idom[node];
  }

  public boolean isReachable(int node) {
    return idom[node] != UNREACHABLE;
  }

  /** The number of nodes the GC roots reach. */
  public int reachableCount() {
    return preorder.length;
  }

  /**
   * The {@code i}-th reachable node in an order where every node comes after its immediate
   * dominator (a DFS preorder of the graph), so iterating backwards visits the tree bottom-up.
   */
  public int reachableNode(int i) {
    return preorder[i];
  }

  /** How many nodes {@code node} (or {@link #SUPER_ROOT}) immediately dominates. */
  public int childCount(int node) {
    int s = slot(node);
    return childStart[s + 1] - childStart[s];
  }

  /** The {@code i}-th node that {@code node} (or {@link #SUPER_ROOT}) immediately dominates. */
  public int child(int node, int i) {
    return children[childStart[slot(node)] + i];
  }

  /** The nodes that {@code node} (or {@link #SUPER_ROOT}) immediately dominates. */
  public int[] children(int node) {
    int s = slot(node);
    return Arrays.copyOfRange(children, childStart[s], childStart[s + 1]);
  }

  private int slot(int node) {
    if (node == SUPER_ROOT) {
      return idom.length;
    }
    if (idom[node] == UNREACHABLE) {
      throw new IllegalArgumentException("node " + node + " is not reachable from a GC root");
    }
    return node;
  }

  /**
   * Numbers the nodes reachable from the roots in DFS preorder and records the DFS tree, without
   * recursion: the current path is the chain of parents, and {@code cursor[v]} is the next edge
   * (for the super-root: the next root) that vertex {@code v} will follow. Since the search looks
   * up the number of every reference's target anyway, it also counts each vertex's predecessors
   * into {@code predCount}, which saves a pass of random reads. Returns the number of vertices, the
   * super-root included.
   */
  private static int depthFirstSearch(
      HeapGraph graph, int[] number, int[] vertex, int[] parent, int[] cursor, int[] predCount) {
    int count = 1;
    vertex[0] = NONE;
    cursor[0] = 0;
    for (int v = 0; ; ) {
      int next = NONE;
      if (v == 0) {
        while (cursor[0] < graph.rootCount()) {
          int root = graph.root(cursor[0]++);
          if (number[root] == 0) {
            next = root;
            break;
          }
          predCount[number[root]]++;
        }
      } else {
        int end = graph.endEdge(vertex[v]);
        while (cursor[v] < end) {
          int target = graph.edgeTarget(cursor[v]++);
          if (number[target] == 0) {
            next = target;
            break;
          }
          predCount[number[target]]++;
        }
      }
      if (next == NONE) {
        if (v == 0) {
          return count;
        }
        v = parent[v]; // back up along the current path
        continue;
      }
      int w = count++;
      number[next] = w;
      predCount[w]++;
      vertex[w] = next;
      parent[w] = v;
      cursor[w] = graph.firstEdge(next);
      v = w;
    }
  }

  /**
   * The predecessors of every vertex, in vertex numbers and CSR form (the super-root precedes every
   * root). Turns the counts in {@code predStart} into offsets and returns the predecessor array.
   */
  private static int[] predecessors(HeapGraph graph, int[] number, int count, int[] predStart) {
    // Inclusive prefix sums, then filling downwards leaves predStart[w] at the start of w.
    long total = predStart[0];
    for (int w = 1; w < count; w++) {
      total += predStart[w];
      if (total > Integer.MAX_VALUE - 8) {
        throw new IllegalStateException("heap graph too large: more than 2^31 references");
      }
      predStart[w] += predStart[w - 1];
    }
    predStart[count] = (int) total;
    int[] preds = new int[(int) total];
    for (int i = 0; i < graph.rootCount(); i++) {
      preds[--predStart[number[graph.root(i)]]] = 0;
    }
    // In node order, not vertex order: the edge arrays are then read sequentially.
    for (int node = 0; node < number.length; node++) {
      int v = number[node];
      if (v != 0) {
        for (int e = graph.firstEdge(node), end = graph.endEdge(node); e < end; e++) {
          preds[--predStart[number[graph.edgeTarget(e)]]] = v;
        }
      }
    }
    return preds;
  }

  /**
   * Steps 2 and 3 of Lengauer-Tarjan: computes semidominators, and fills {@code dom} with the
   * immediate dominator where it is already known, or with {@code ~u} for a vertex {@code u} whose
   * immediate dominator is the same (step 4 resolves those).
   *
   * <p>The forest of linked vertices is one interleaved array, {@link #FOREST_STRIDE} ints per
   * vertex: its ancestor, its label (the vertex of least semidominator on its path) and that
   * label's semidominator. Evaluating a vertex then costs one cache miss where three separate
   * arrays cost three, and random memory access is what this algorithm spends its time on.
   *
   * <p>Slots do double duty to save memory on big heaps. A vertex waits in the bucket of its
   * semidominator {@code p} until the first child of {@code p} has been linked; while it waits, its
   * {@code dom} slot (not yet computed) links it to the next vertex of the bucket. The bucket lives
   * only while {@code p} is not yet linked, and an unlinked vertex's label is never read, so the
   * label slot of {@code p} holds the head of its bucket.
   */
  private static void semiDominators(
      int count, int[] parent, int[] predStart, int[] preds, int[] dom, int[] path) {
    if ((long) count * FOREST_STRIDE > Integer.MAX_VALUE - 8) {
      throw new IllegalStateException("heap graph too large: more than 700 million objects");
    }
    int[] forest = new int[count * FOREST_STRIDE];
    // Ancestors need no initial value: only linked vertices' ancestors are read.
    for (int v = 0; v < count; v++) {
      forest[v * FOREST_STRIDE + LABEL] = NONE; // an empty bucket
    }
    for (int w = count - 1; w > 0; w--) {
      int s = w;
      for (int i = predStart[w], end = predStart[w + 1]; i < end; i++) {
        int v = preds[i];
        // A vertex not yet linked is not yet processed (or is the super-root): its
        // semidominator is still itself.
        int semi = v;
        if (v > w) {
          compress(v, w + 1, forest, path);
          semi = forest[v * FOREST_STRIDE + LABEL_SEMI];
        }
        if (semi < s) {
          s = semi;
        }
      }
      int fw = w * FOREST_STRIDE;
      forest[fw + LABEL] = w; // its bucket was emptied when its first child was linked
      forest[fw + LABEL_SEMI] = s;
      dom[w] = forest[s * FOREST_STRIDE + LABEL];
      forest[s * FOREST_STRIDE + LABEL] = w;

      int p = parent[w];
      forest[fw + ANCESTOR] = p;
      int fp = p * FOREST_STRIDE;
      for (int v = forest[fp + LABEL]; v != NONE; ) {
        int next = dom[v];
        compress(v, w, forest, path);
        // v's semidominator is p; the least one on the path decides (Lengauer-Tarjan corollary 1).
        int u = forest[v * FOREST_STRIDE + LABEL];
        dom[v] = forest[v * FOREST_STRIDE + LABEL_SEMI] < p ? ~u : p;
        v = next;
      }
      forest[fp + LABEL] = NONE;
    }
  }

  /**
   * Path compression, iteratively: collects the path from a linked vertex up to, not including, the
   * root of its tree, then walks it from the top down, as the recursive version does on its way
   * back. Vertices are linked in decreasing order, so "linked" is "at least {@code firstLinked}",
   * which spares reading a root's record just to learn that it has no ancestor.
   */
  private static void compress(int v, int firstLinked, int[] forest, int[] path) {
    int top = 0;
    for (int x = v; ; ) {
      int a = forest[x * FOREST_STRIDE + ANCESTOR];
      if (a < firstLinked) {
        break;
      }
      path[top++] = x;
      x = a;
    }
    while (top > 0) {
      int fx = path[--top] * FOREST_STRIDE;
      int fa = forest[fx + ANCESTOR] * FOREST_STRIDE;
      if (forest[fa + LABEL_SEMI] < forest[fx + LABEL_SEMI]) {
        forest[fx + LABEL] = forest[fa + LABEL];
        forest[fx + LABEL_SEMI] = forest[fa + LABEL_SEMI];
      }
      forest[fx + ANCESTOR] = forest[fa + ANCESTOR];
    }
  }
}
