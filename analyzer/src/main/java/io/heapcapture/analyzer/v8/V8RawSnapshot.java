package io.heapcapture.analyzer.v8;

import io.heapcapture.analyzer.input.MalformedDumpException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.BitSet;

/**
 * The nodes and edges of one snapshot as read, checked against its meta, in compact columns, with
 * only the strings that name classes and edges. V8 writes {@code strings} last, so nodes and edges
 * are kept as numbers until the names are known. Columns grow with what the file actually holds (at
 * most twice that) and never beyond what the meta declares, so a header that claims billions of
 * nodes costs nothing until they arrive.
 */
final class V8RawSnapshot {
  final V8SnapshotMeta meta;
  final byte[] nodeType;
  final int[] nodeName;
  final int[] nodeId; // unsigned
  final int[] nodeSize; // unsigned

  /** Edges of node n are firstEdge[n] (inclusive) to firstEdge[n + 1]; nodes own them in order. */
  final int[] firstEdge;

  final byte[] edgeType;
  final int[] edgeNameOrIndex; // unsigned
  final int[] edgeTarget; // node ordinal

  /** Strings that some class or kept edge is named by; the others are null. */
  final String[] strings;

  private V8RawSnapshot(Reading r) {
    this.meta = r.meta;
    this.nodeType = r.nodeType;
    this.nodeName = r.nodeName;
    this.nodeId = r.nodeId;
    this.nodeSize = r.nodeSize;
    this.firstEdge = r.firstEdge;
    this.edgeType = r.edgeType;
    this.edgeNameOrIndex = r.edgeNameOrIndex;
    this.edgeTarget = r.edgeTarget;
    this.strings = r.strings;
  }

  int nodeCount() {
    return meta.nodeCount();
  }

  /** Whether edges of this type carry an element index rather than a string index. */
  static boolean indexNamed(String edgeType) {
    return "element".equals(edgeType) || "hidden".equals(edgeType);
  }

  static V8RawSnapshot read(InputStream in) throws IOException {
    try (V8SnapshotReader reader = new V8SnapshotReader(in)) {
      Reading reading = new Reading(reader, reader.readMeta());
      reading.readSections();
      return new V8RawSnapshot(reading);
    }
  }

  /** The mutable state while the file streams by. */
  private static final class Reading {
    private static final int INITIAL_CAPACITY = 1 << 14;

    final V8SnapshotReader reader;
    final V8SnapshotMeta meta;
    final boolean[] nodeTypeNamed;
    final boolean[] edgeTypeIndexed;
    final int weakType;

    byte[] nodeType = new byte[0];
    int[] nodeName = new int[0];
    int[] nodeId = new int[0];
    int[] nodeSize = new int[0];
    int[] firstEdge = new int[1];
    int nodes;

    byte[] edgeType = new byte[0];
    int[] edgeNameOrIndex = new int[0];
    int[] edgeTarget = new int[0];
    int edges;

    final BitSet neededStrings = new BitSet();
    long maxStringIndex = -1;
    String[] strings;

    Reading(V8SnapshotReader reader, V8SnapshotMeta meta) {
      this.reader = reader;
      this.meta = meta;
      this.nodeTypeNamed = new boolean[meta.nodeTypes().size()];
      for (int t = 0; t < nodeTypeNamed.length; t++) {
        nodeTypeNamed[t] = V8ClassNames.namedByNode(meta.nodeTypes().get(t));
      }
      this.edgeTypeIndexed = new boolean[meta.edgeTypes().size()];
      for (int t = 0; t < edgeTypeIndexed.length; t++) {
        edgeTypeIndexed[t] = indexNamed(meta.edgeTypes().get(t));
      }
      this.weakType = meta.edgeTypeCode("weak");
    }

    void readSections() throws IOException {
      boolean sawNodes = false;
      boolean sawEdges = false;
      String section;
      while ((section = reader.nextSection()) != null) {
        switch (section) {
          case "nodes" -> {
            sawNodes = once(sawNodes);
            reader.readRows(
                meta.nodeFieldCount(),
                meta.nodeCount(),
                "snapshot.node_count × meta.node_fields",
                this::node);
          }
          case "edges" -> {
            sawEdges = once(sawEdges);
            reader.readRows(
                meta.edgeFieldCount(),
                meta.edgeCount(),
                "snapshot.edge_count × meta.edge_fields",
                this::edge);
          }
          case "strings" -> {
            once(strings != null);
            if (!sawNodes || !sawEdges) {
              throw reader.malformed("comes before nodes and edges; V8 writes it last");
            }
            strings = new String[neededStrings.length()];
            int count = reader.readStrings(neededStrings::get, (text, i) -> strings[i] = text);
            if (maxStringIndex >= count) {
              throw reader.malformed(
                  "holds " + count + " strings, but a node or edge names string " + maxStringIndex);
            }
          }
          default -> reader.skipSection();
        }
      }
      if (!sawNodes || !sawEdges || strings == null) {
        throw reader.malformed("the snapshot lacks its nodes, edges or strings");
      }
      if (firstEdge[nodes] != meta.edgeCount()) {
        throw reader.malformed(
            "the nodes' edge_count fields add up to "
                + firstEdge[nodes]
                + ", but snapshot.edge_count is "
                + meta.edgeCount());
      }
    }

    private boolean once(boolean seen) throws MalformedDumpException {
      if (seen) {
        throw reader.malformed("appears twice");
      }
      return true;
    }

    private void node(long[] row) throws MalformedDumpException {
      long type = row[meta.nodeTypeAt()];
      if (type >= nodeTypeNamed.length) {
        throw reader.malformed("node " + nodes + " has unknown type code " + type);
      }
      long name = row[meta.nodeNameAt()];
      if (name > Integer.MAX_VALUE) {
        throw reader.malformed("node " + nodes + " names string " + name);
      }
      long edgeTotal = firstEdge[nodes] + row[meta.nodeEdgeCountAt()];
      if (edgeTotal > meta.edgeCount()) {
        throw reader.malformed(
            "node " + nodes + " has edges beyond snapshot.edge_count " + meta.edgeCount());
      }
      if (nodes == nodeType.length) {
        int capacity = grown(nodes, meta.nodeCount());
        nodeType = Arrays.copyOf(nodeType, capacity);
        nodeName = Arrays.copyOf(nodeName, capacity);
        nodeId = Arrays.copyOf(nodeId, capacity);
        nodeSize = Arrays.copyOf(nodeSize, capacity);
        firstEdge = Arrays.copyOf(firstEdge, capacity + 1);
      }
      nodeType[nodes] = (byte) type;
      nodeName[nodes] = (int) name;
      nodeId[nodes] = (int) row[meta.nodeIdAt()];
      nodeSize[nodes] = (int) row[meta.nodeSelfSizeAt()];
      maxStringIndex = Math.max(maxStringIndex, name);
      if (nodeTypeNamed[(int) type]) {
        neededStrings.set((int) name);
      }
      nodes++;
      firstEdge[nodes] = (int) edgeTotal;
    }

    private void edge(long[] row) throws MalformedDumpException {
      long type = row[meta.edgeTypeAt()];
      if (type >= edgeTypeIndexed.length) {
        throw reader.malformed("edge " + edges + " has unknown type code " + type);
      }
      long toNode = row[meta.edgeToNodeAt()];
      if (toNode % meta.nodeFieldCount() != 0
          || toNode / meta.nodeFieldCount() >= meta.nodeCount()) {
        throw reader.malformed(
            "edge " + edges + " points to " + toNode + ", not the start of a node");
      }
      long nameOrIndex = row[meta.edgeNameOrIndexAt()];
      if (!edgeTypeIndexed[(int) type]) {
        if (nameOrIndex > Integer.MAX_VALUE) {
          throw reader.malformed("edge " + edges + " names string " + nameOrIndex);
        }
        maxStringIndex = Math.max(maxStringIndex, nameOrIndex);
        if (type != weakType) {
          neededStrings.set((int) nameOrIndex);
        }
      }
      if (edges == edgeType.length) {
        int capacity = grown(edges, meta.edgeCount());
        edgeType = Arrays.copyOf(edgeType, capacity);
        edgeNameOrIndex = Arrays.copyOf(edgeNameOrIndex, capacity);
        edgeTarget = Arrays.copyOf(edgeTarget, capacity);
      }
      edgeType[edges] = (byte) type;
      edgeNameOrIndex[edges] = (int) nameOrIndex;
      edgeTarget[edges] = (int) (toNode / meta.nodeFieldCount());
      edges++;
    }

    private static int grown(int size, int declared) {
      return (int) Math.min(declared, Math.max(INITIAL_CAPACITY, 2L * size));
    }
  }
}
