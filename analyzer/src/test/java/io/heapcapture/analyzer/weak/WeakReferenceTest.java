package io.heapcapture.analyzer.weak;

import static org.assertj.core.api.Assertions.assertThat;

import io.heapcapture.analyzer.graph.DominatorTree;
import io.heapcapture.analyzer.graph.GcRootPaths;
import io.heapcapture.analyzer.graph.HeapGraph;
import io.heapcapture.analyzer.graph.RetainedSizes;
import io.heapcapture.analyzer.hprof.HprofGraphLoader;
import io.heapcapture.analyzer.testing.ChildJvm;
import io.heapcapture.analyzer.testing.WeaklyHeld;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The referent of a {@code java.lang.ref.Reference} is not a strong reference: on a real dump, a
 * weak or soft reference retains nothing but itself, a {@code WeakHashMap} does not retain its
 * keys, paths from GC roots do not pass through referents, and an object held only weakly is not
 * reachable.
 */
class WeakReferenceTest {
  private static final String HELD = WeaklyHeld.class.getName();

  @Test
  void referentsNeitherRetainNorLeadToObjects(@TempDir Path dir) throws Exception {
    Path dump;
    try (ChildJvm jvm = ChildJvm.start(WeaklyHeld.class, List.of("-Xmx256m", "-XX:+UseSerialGC"))) {
      dump = jvm.heapDump(dir.resolve("weak.hprof"), "-all");
    }
    HeapGraph graph = HprofGraphLoader.load(dump);
    DominatorTree tree = DominatorTree.compute(graph);
    RetainedSizes sizes = RetainedSizes.compute(graph, tree);
    GcRootPaths paths = GcRootPaths.compute(graph);

    int strong = arrayOf(graph, 8 * WeaklyHeld.MIB);
    int onlyWeak = arrayOf(graph, 16 * WeaklyHeld.MIB);
    assertThat(paths.describePathTo(strong)).endsWith("static " + HELD + ".STRONG → byte[]");
    assertThat(tree.isReachable(onlyWeak)).isFalse();
    assertThat(paths.isReachable(onlyWeak)).isFalse();

    for (String reference : List.of("java.lang.ref.WeakReference", "java.lang.ref.SoftReference")) {
      for (int n : instancesOf(graph, reference)) {
        if (!tree.isReachable(n)) {
          continue; // garbage: a dump with -all keeps it
        }
        assertThat(sizes.retainedSize(n)).as(reference).isEqualTo(graph.shallowSize(n));
        for (int e = graph.firstEdge(n); e < graph.endEdge(n); e++) {
          assertThat(graph.edgeName(e)).isNotEqualTo("referent");
        }
      }
    }

    int[] keys = instancesOf(graph, HELD + "$Key");
    assertThat(keys).hasSize(2);
    for (int key : keys) {
      assertThat(sizes.retainedSize(key)).isGreaterThan(4L * WeaklyHeld.MIB);
      assertThat(paths.describePathTo(key)).doesNotContain("referent");
    }
    int map = instancesOf(graph, "java.util.WeakHashMap").length;
    assertThat(map).isPositive();
    for (int m : instancesOf(graph, "java.util.WeakHashMap")) {
      assertThat(sizes.retainedSize(m)).isLessThan(WeaklyHeld.MIB);
    }
    assertThat(sizes.reachableSize())
        .as("the weakly held array is not counted")
        .isLessThanOrEqualTo(totalShallow(graph) - graph.shallowSize(onlyWeak));
  }

  private static int arrayOf(HeapGraph graph, int length) {
    return IntStream.range(0, graph.nodeCount())
        .filter(n -> graph.heapClass(graph.classOf(n)).name().equals("byte[]"))
        .filter(n -> graph.shallowSize(n) >= length && graph.shallowSize(n) < length + 64)
        .findFirst()
        .orElseThrow();
  }

  private static int[] instancesOf(HeapGraph graph, String className) {
    return IntStream.range(0, graph.nodeCount())
        .filter(n -> !graph.isClassObject(n))
        .filter(n -> graph.heapClass(graph.classOf(n)).name().equals(className))
        .toArray();
  }

  private static long totalShallow(HeapGraph graph) {
    long total = 0;
    for (int n = 0; n < graph.nodeCount(); n++) {
      total += graph.shallowSize(n);
    }
    return total;
  }
}
