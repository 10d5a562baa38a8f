package io.heapcapture.analyzer.v8;

import io.heapcapture.analyzer.graph.HeapClass;
import io.heapcapture.analyzer.input.MalformedDumpException;
import io.heapcapture.analyzer.input.UnsupportedDumpException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Instances and self sizes per class of a V8 heap snapshot, in one streaming pass over its nodes:
 * memory grows with the number of classes, not of objects, and edges are skipped unread. Classes
 * are those of {@link V8SnapshotLoader} ({@link V8ClassNames}).
 */
public final class V8Histogram {
  /** One class: how many nodes, and the sum of their self sizes in bytes. */
  public record Entry(HeapClass heapClass, long instances, long shallowBytes) {}

  private final List<Entry> entries;

  private V8Histogram(List<Entry> entries) {
    this.entries = List.copyOf(entries);
  }

  /** Entries by shallow bytes, largest first (ties by class name). */
  public List<Entry> entries() {
    return entries;
  }

  /** The entry of a class, by name. */
  public Optional<Entry> entry(String className) {
    return entries.stream().filter(e -> e.heapClass().name().equals(className)).findFirst();
  }

  public long totalInstances() {
    return entries.stream().mapToLong(Entry::instances).sum();
  }

  public long totalShallowBytes() {
    return entries.stream().mapToLong(Entry::shallowBytes).sum();
  }

  public static V8Histogram read(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return read(in);
    }
  }

  /**
   * Reads a snapshot from an uncompressed stream.
   *
   * @throws UnsupportedDumpException if the stream is not a V8 heap snapshot
   * @throws MalformedDumpException if it is one, but truncated or inconsistent with its meta
   */
  public static V8Histogram read(InputStream in) throws IOException {
    try (V8SnapshotReader reader = new V8SnapshotReader(in)) {
      Counting counting = new Counting(reader, reader.readMeta());
      boolean sawNodes = false;
      String[] names = null;
      String section;
      while ((section = reader.nextSection()) != null) {
        switch (section) {
          case "nodes" -> {
            if (sawNodes) {
              throw reader.malformed("appears twice");
            }
            sawNodes = true;
            V8SnapshotMeta meta = counting.meta;
            reader.readRows(
                meta.nodeFieldCount(),
                meta.nodeCount(),
                "snapshot.node_count × meta.node_fields",
                counting::node);
            if (counting.edges != meta.edgeCount()) {
              throw reader.malformed(
                  "the nodes' edge_count fields add up to "
                      + counting.edges
                      + ", but snapshot.edge_count is "
                      + meta.edgeCount());
            }
          }
          case "strings" -> {
            if (!sawNodes || names != null) {
              throw reader.malformed("comes before nodes or appears twice");
            }
            names = counting.readNames();
          }
          default -> reader.skipSection();
        }
      }
      if (names == null) {
        throw reader.malformed("the snapshot lacks its nodes or strings");
      }
      return counting.histogram(names);
    }
  }

  /** Counts per node type, and per (type, name string) for types grouped by name. */
  private static final class Counting {
    final V8SnapshotReader reader;
    final V8SnapshotMeta meta;
    final boolean[] named;
    final long[] instancesByType;
    final long[] bytesByType;
    final Map<Long, long[]> byTypeAndName = new HashMap<>();
    long edges;
    long nodes;

    Counting(V8SnapshotReader reader, V8SnapshotMeta meta) {
      this.reader = reader;
      this.meta = meta;
      int types = meta.nodeTypes().size();
      this.named = new boolean[types];
      for (int t = 0; t < types; t++) {
        named[t] = V8ClassNames.namedByNode(meta.nodeTypes().get(t));
      }
      this.instancesByType = new long[types];
      this.bytesByType = new long[types];
    }

    void node(long[] row) throws MalformedDumpException {
      long type = row[meta.nodeTypeAt()];
      if (type >= named.length) {
        throw reader.malformed("node " + nodes + " has unknown type code " + type);
      }
      long size = row[meta.nodeSelfSizeAt()];
      if (named[(int) type]) {
        long[] counts =
            byTypeAndName.computeIfAbsent((type << 32) | row[meta.nodeNameAt()], k -> new long[2]);
        counts[0]++;
        counts[1] += size;
      } else {
        instancesByType[(int) type]++;
        bytesByType[(int) type] += size;
      }
      edges += row[meta.nodeEdgeCountAt()];
      nodes++;
    }

    String[] readNames() throws IOException {
      BitSet wanted = new BitSet();
      long maxWanted = -1;
      for (long key : byTypeAndName.keySet()) {
        long name = key & 0xFFFF_FFFFL;
        if (name > Integer.MAX_VALUE) {
          throw reader.malformed("a node names string " + name);
        }
        wanted.set((int) name);
        maxWanted = Math.max(maxWanted, name);
      }
      String[] names = new String[wanted.length()];
      int stringCount = reader.readStrings(wanted::get, (text, i) -> names[i] = text);
      if (maxWanted >= stringCount) {
        throw reader.malformed(
            "holds " + stringCount + " strings, but a node names string " + maxWanted);
      }
      return names;
    }

    V8Histogram histogram(String[] names) {
      // Several (type, name) keys may share a class name, e.g. an object and a native named alike.
      Map<String, long[]> byClass = new LinkedHashMap<>();
      for (int t = 0; t < named.length; t++) {
        if (instancesByType[t] > 0) {
          add(
              byClass,
              V8ClassNames.of(meta.nodeTypes().get(t), ""),
              instancesByType[t],
              bytesByType[t]);
        }
      }
      byTypeAndName.forEach(
          (key, counts) -> {
            String type = meta.nodeTypes().get((int) (key >>> 32));
            String name = names[(int) (key & 0xFFFF_FFFFL)];
            add(byClass, V8ClassNames.of(type, name), counts[0], counts[1]);
          });
      List<Entry> entries = new ArrayList<>();
      byClass.forEach(
          (name, counts) -> entries.add(new Entry(new HeapClass(name, ""), counts[0], counts[1])));
      entries.sort(
          Comparator.comparingLong(Entry::shallowBytes)
              .reversed()
              .thenComparing(e -> e.heapClass().name()));
      return new V8Histogram(entries);
    }

    private static void add(Map<String, long[]> byClass, String name, long instances, long bytes) {
      long[] counts = byClass.computeIfAbsent(name, k -> new long[2]);
      counts[0] += instances;
      counts[1] += bytes;
    }
  }
}
