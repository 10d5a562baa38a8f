package io.heapcapture.analyzer.v8;

import io.heapcapture.analyzer.graph.HeapGraph;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** A test oracle: the histogram computed from a loaded graph, ordered like {@link V8Histogram}. */
final class V8GraphHistogram {
  private V8GraphHistogram() {}

  static List<V8Histogram.Entry> of(HeapGraph graph) {
    long[] instances = new long[graph.classes().size()];
    long[] bytes = new long[graph.classes().size()];
    for (int n = 0; n < graph.nodeCount(); n++) {
      instances[graph.classOf(n)]++;
      bytes[graph.classOf(n)] += graph.shallowSize(n);
    }
    List<V8Histogram.Entry> entries = new ArrayList<>();
    for (int c = 0; c < instances.length; c++) {
      entries.add(new V8Histogram.Entry(graph.heapClass(c), instances[c], bytes[c]));
    }
    entries.sort(
        Comparator.comparingLong(V8Histogram.Entry::shallowBytes)
            .reversed()
            .thenComparing(e -> e.heapClass().name()));
    return entries;
  }
}
