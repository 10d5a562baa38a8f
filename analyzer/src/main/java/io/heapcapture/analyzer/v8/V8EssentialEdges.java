package io.heapcapture.analyzer.v8;

import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which edges of a snapshot retain their target, and where retention starts: Chrome DevTools' rules
 * for dominators ({@code HeapSnapshot.computeIsEssentialEdge} and the handling of unreachable nodes
 * in its dominator computation), applied once so that the graph needs no edge types.
 *
 * @param kept the essential edges, by edge number in file order
 * @param roots the nodes retention starts from, ascending
 * @param userRoots the roots that are the program's global objects (the targets of the synthetic
 *     root's shortcut edges): paths from them read as the program's own variables
 */
record V8EssentialEdges(BitSet kept, int[] roots, int[] userRoots) {
  // V8 names both edges that hold a WeakMap value like this; DevTools drops the table's one.
  private static final Pattern WEAK_MAP_VALUE =
      Pattern.compile(
          "^\\d+ / part of key \\(.*? @\\d+\\) -> value \\(.*? @\\d+\\) pair in WeakMap \\(table"
              + " @(\\d+)\\)$");

  static V8EssentialEdges of(V8RawSnapshot raw) {
    V8SnapshotMeta meta = raw.meta;
    int weak = meta.edgeTypeCode("weak");
    int shortcut = meta.edgeTypeCode("shortcut");
    int internal = meta.edgeTypeCode("internal");
    int root = meta.rootOrdinal();
    Map<Integer, Long> weakMapTables = new HashMap<>();
    BitSet notWeakMapNames = new BitSet();

    BitSet kept = new BitSet(meta.edgeCount());
    BitSet retained = new BitSet(meta.nodeCount());
    for (int source = 0; source < raw.nodeCount(); source++) {
      for (int e = raw.firstEdge[source]; e < raw.firstEdge[source + 1]; e++) {
        int type = raw.edgeType[e];
        int target = raw.edgeTarget[e];
        if (type == weak
            || (type == shortcut && source != root)
            || target == source
            || (type == internal
                && isTableOfWeakMapValue(raw, e, source, weakMapTables, notWeakMapNames))) {
          continue;
        }
        kept.set(e);
        retained.set(target);
      }
    }
    BitSet userRoots = new BitSet();
    for (int e = raw.firstEdge[root]; e < raw.firstEdge[root + 1]; e++) {
      if (raw.edgeType[e] == shortcut) {
        userRoots.set(raw.edgeTarget[e]);
      }
    }
    return new V8EssentialEdges(kept, roots(raw, kept, retained), userRoots.stream().toArray());
  }

  private static boolean isTableOfWeakMapValue(
      V8RawSnapshot raw, int edge, int source, Map<Integer, Long> tables, BitSet notWeakMap) {
    int name = raw.edgeNameOrIndex[edge];
    if (notWeakMap.get(name)) {
      return false;
    }
    Long table = tables.get(name);
    if (table == null) {
      Matcher matcher = WEAK_MAP_VALUE.matcher(raw.strings[name]);
      if (!matcher.matches()) {
        notWeakMap.set(name);
        return false;
      }
      try {
        table = Long.parseLong(matcher.group(1));
      } catch (NumberFormatException tooLong) {
        notWeakMap.set(name);
        return false;
      }
      tables.put(name, table);
    }
    return Integer.toUnsignedLong(raw.nodeId[source]) == table;
  }

  private static int[] roots(V8RawSnapshot raw, BitSet kept, BitSet retained) {
    int root = raw.meta.rootOrdinal();
    BitSet roots = new BitSet();
    Reach reach = new Reach(raw, kept);
    reach.visited.set(root); // the synthetic root is no object: its targets stand in for it
    for (int e = raw.firstEdge[root]; e < raw.firstEdge[root + 1]; e++) {
      if (kept.get(e)) {
        roots.set(raw.edgeTarget[e]);
        reach.from(raw.edgeTarget[e]);
      }
    }
    for (int n = reach.visited.nextClearBit(0);
        n < raw.nodeCount();
        n = reach.visited.nextClearBit(n + 1)) {
      if (!retained.get(n)) {
        roots.set(n);
        reach.from(n);
      }
    }
    for (int n = reach.visited.nextClearBit(0);
        n < raw.nodeCount();
        n = reach.visited.nextClearBit(n + 1)) {
      roots.set(n);
      reach.from(n);
    }
    return roots.stream().toArray();
  }

  /** Depth-first marking along kept edges. */
  private static final class Reach {
    final V8RawSnapshot raw;
    final BitSet kept;
    final BitSet visited;
    final int[] stack;

    Reach(V8RawSnapshot raw, BitSet kept) {
      this.raw = raw;
      this.kept = kept;
      this.visited = new BitSet(raw.nodeCount());
      this.stack = new int[raw.nodeCount()];
    }

    void from(int start) {
      if (visited.get(start)) {
        return;
      }
      visited.set(start);
      int top = 0;
      stack[top++] = start;
      while (top > 0) {
        int node = stack[--top];
        for (int e = raw.firstEdge[node]; e < raw.firstEdge[node + 1]; e++) {
          int target = raw.edgeTarget[e];
          if (kept.get(e) && !visited.get(target)) {
            visited.set(target);
            stack[top++] = target;
          }
        }
      }
    }
  }
}
