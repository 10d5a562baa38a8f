package io.heapcapture.analyzer.v8;

import io.heapcapture.analyzer.graph.HeapClass;
import io.heapcapture.analyzer.graph.HeapGraph;
import io.heapcapture.analyzer.graph.HeapGraphBuilder;
import io.heapcapture.analyzer.input.MalformedDumpException;
import io.heapcapture.analyzer.input.UnsupportedDumpException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.BitSet;

/**
 * Loads a V8 heap snapshot ({@code .heapsnapshot}) into a {@link HeapGraph}, streaming the JSON.
 *
 * <p>The graph mirrors what Chrome DevTools uses for dominators and retained sizes:
 *
 * <ul>
 *   <li>Classes: see {@link V8ClassNames}; the loader is always {@code ""}. Object ids are V8's
 *       snapshot ids (stable across snapshots of the same process).
 *   <li>Edges: only those DevTools calls essential. {@code weak} edges are dropped (they do not
 *       retain); {@code shortcut} edges are dropped except from the synthetic root, where they mark
 *       the user's global objects; self references are dropped; and of the two edges that hold a
 *       WeakMap value, the one from the WeakMap's table is dropped so the value is retained by its
 *       key. Element and hidden edges are named {@code [i]}; the others by their name.
 *   <li>Roots: the targets of the synthetic root's edges ({@code (GC roots)}, the global object,
 *       the embedder's roots). Dominators over these with a virtual super-root give DevTools'
 *       retained sizes, where the synthetic root plays the super-root; the synthetic root stays in
 *       the graph as an unreachable node of size 0. Nodes DevTools finds unreachable (held only by
 *       weak edges, or by nothing) it hangs under the root; here they become roots themselves,
 *       first those without any kept retainer, then any left over. The global objects are the
 *       preferred roots ({@link HeapGraph#isPreferredRoot}), as in DevTools' distances.
 * </ul>
 *
 * <p>DevTools' browser-only rule (edges from objects outside a page into a page's objects do not
 * retain) is not applied: Node.js snapshots carry no page flags.
 */
public final class V8SnapshotLoader {
  private V8SnapshotLoader() {}

  /** Loads the snapshot in {@code file}. */
  public static HeapGraph load(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return load(in);
    }
  }

  /**
   * Loads a snapshot from an uncompressed stream.
   *
   * @throws UnsupportedDumpException if the stream is not a V8 heap snapshot
   * @throws MalformedDumpException if it is one, but truncated or inconsistent with its meta
   */
  public static HeapGraph load(InputStream in) throws IOException {
    return toBuilder(V8RawSnapshot.read(in)).build();
  }

  // The raw arrays are unreachable once this returns, before build() allocates the final graph.
  private static HeapGraphBuilder toBuilder(V8RawSnapshot raw) {
    V8EssentialEdges essential = V8EssentialEdges.of(raw);
    HeapGraphBuilder builder =
        new HeapGraphBuilder(raw.nodeCount(), essential.kept().cardinality());
    addNodes(raw, builder);
    addEdges(raw, essential.kept(), builder);
    for (int root : essential.roots()) {
      builder.addRoot(root);
    }
    for (int root : essential.userRoots()) {
      builder.preferRoot(root);
    }
    return builder;
  }

  private static void addNodes(V8RawSnapshot raw, HeapGraphBuilder builder) {
    int[] classByType = new int[raw.meta.nodeTypes().size()];
    Arrays.fill(classByType, -1);
    int[] classByName = new int[raw.strings.length];
    Arrays.fill(classByName, -1);
    for (int n = 0; n < raw.nodeCount(); n++) {
      int type = raw.nodeType[n];
      String typeName = raw.meta.nodeTypes().get(type);
      int heapClass;
      if (V8ClassNames.namedByNode(typeName)) {
        int name = raw.nodeName[n];
        heapClass = classByName[name];
        if (heapClass < 0) {
          heapClass =
              builder.classIndex(new HeapClass(V8ClassNames.of(typeName, raw.strings[name]), ""));
          classByName[name] = heapClass;
        }
      } else {
        heapClass = classByType[type];
        if (heapClass < 0) {
          heapClass = builder.classIndex(new HeapClass(V8ClassNames.of(typeName, ""), ""));
          classByType[type] = heapClass;
        }
      }
      builder.addNode(
          Integer.toUnsignedLong(raw.nodeId[n]),
          heapClass,
          Integer.toUnsignedLong(raw.nodeSize[n]));
    }
  }

  private static void addEdges(V8RawSnapshot raw, BitSet kept, HeapGraphBuilder builder) {
    EdgeNames names = new EdgeNames(raw, builder);
    for (int source = 0; source < raw.nodeCount(); source++) {
      for (int e = raw.firstEdge[source]; e < raw.firstEdge[source + 1]; e++) {
        if (kept.get(e)) {
          builder.addEdge(source, raw.edgeTarget[e], names.of(e));
        }
      }
    }
  }

  /**
   * Interns string edge names into the builder once per distinct string; element indexes become
   * slot codes, except the rare index beyond int range, which is interned as {@code "[i]"}.
   */
  private static final class EdgeNames {
    private final V8RawSnapshot raw;
    private final HeapGraphBuilder builder;
    private final boolean[] indexNamed;
    private final int[] byString;

    EdgeNames(V8RawSnapshot raw, HeapGraphBuilder builder) {
      this.raw = raw;
      this.builder = builder;
      this.indexNamed = new boolean[raw.meta.edgeTypes().size()];
      for (int t = 0; t < indexNamed.length; t++) {
        indexNamed[t] = V8RawSnapshot.indexNamed(raw.meta.edgeTypes().get(t));
      }
      this.byString = new int[raw.strings.length];
      Arrays.fill(byString, -1);
    }

    int of(int edge) {
      int nameOrIndex = raw.edgeNameOrIndex[edge];
      if (!indexNamed[raw.edgeType[edge]]) {
        if (byString[nameOrIndex] < 0) {
          byString[nameOrIndex] = builder.nameIndex(raw.strings[nameOrIndex]);
        }
        return byString[nameOrIndex];
      }
      if (nameOrIndex < 0) { // unsigned, beyond what a slot code holds
        return builder.nameIndex("[" + Integer.toUnsignedString(nameOrIndex) + "]");
      }
      return HeapGraphBuilder.slotName(nameOrIndex);
    }
  }
}
