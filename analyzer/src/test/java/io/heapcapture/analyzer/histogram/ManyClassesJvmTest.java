package io.heapcapture.analyzer.histogram;

import static org.assertj.core.api.Assertions.assertThat;

import io.heapcapture.analyzer.HeapAnalyzer;
import io.heapcapture.analyzer.Progress;
import io.heapcapture.analyzer.graph.HeapClass;
import io.heapcapture.analyzer.graph.HeapGraph;
import io.heapcapture.analyzer.hprof.HprofGraphLoader;
import io.heapcapture.analyzer.report.AnalysisReport;
import io.heapcapture.analyzer.testing.ChildJvm;
import io.heapcapture.analyzer.testing.ClassFlood;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real JVM with more than 50,000 classes and 1,000 class loaders, hidden classes, lambda classes
 * and JDK classes from the default CDS archive ({@link ClassFlood}): its dump opens, its class
 * histogram equals {@code jcmd GC.class_histogram} for every class, and the whole analysis
 * completes.
 */
class ManyClassesJvmTest {
  private static final int LOADERS = 1_000;
  private static final int PER_LOADER = 50;
  private static final int HIDDEN = 2_000;
  private static final int LAMBDAS = 1_000;
  private static final String TESTING = "io.heapcapture.analyzer.testing.";
  private static final String JAVA_LANG_CLASS = "java.lang.Class";

  @TempDir Path dir;

  @Test
  void fiftyThousandClassesOfAThousandLoadersHiddenLambdaAndSharedClasses() throws Exception {
    Path classLoading = dir.resolve("class-load.log");
    List<String> options =
        List.of("-Xshare:on", "-Xlog:class+load=info:file=" + classLoading, "-Xmx256m");
    Path dump = dir.resolve("flood.hprof");
    JcmdHistogram theirs;
    try (ChildJvm jvm =
        ChildJvm.start(
            ClassFlood.class,
            options,
            Integer.toString(LOADERS),
            Integer.toString(PER_LOADER),
            Integer.toString(HIDDEN),
            Integer.toString(LAMBDAS))) {
      jvm.jcmd("VM.version"); // starts the attach listener thread before anything is counted
      jvm.heapDump(dump);
      theirs = JcmdHistogram.parse(jvm.jcmd("GC.class_histogram"));
    }

    // JDK classes came from the CDS archive (-Xshare:on would have failed the start otherwise)
    long shared;
    try (Stream<String> lines = Files.lines(classLoading)) {
      shared = lines.filter(l -> l.contains("source: shared objects file")).count();
    }
    assertThat(shared).isGreaterThan(400);

    ClassHistogram histogram = ClassHistogram.read(dump);
    Map<String, List<Long>> ours = JcmdHistogram.countsOf(histogram);
    Map<String, List<Long>> jcmd = theirs.counts();
    // With CDS the heap holds archived mirrors of classes not loaded, which jcmd counts as
    // java.lang.Class and a dump leaves out (JvmHistogramTest): every other class is equal.
    List<Long> ourClassObjects = ours.remove(JAVA_LANG_CLASS);
    List<Long> theirClassObjects = jcmd.remove(JAVA_LANG_CLASS);
    assertThat(
            JcmdHistogram.differences(
                JcmdHistogram.totalsPerName(ours), JcmdHistogram.totalsPerName(jcmd)))
        .isEmpty();
    assertThat(ourClassObjects.get(0))
        .isBetween((long) LOADERS * PER_LOADER + HIDDEN + LAMBDAS, theirClassObjects.get(0));

    // jcmd lists every class gen.C<i> of every loader, with 1 + (i + loader) % 3 instances
    for (int i : new int[] {0, 7, PER_LOADER - 1}) {
      long expected = 0;
      for (int l = 0; l < LOADERS; l++) {
        expected += 1 + (i + l) % 3;
      }
      assertThat(jcmd.get("gen.C" + i)).hasSize(LOADERS);
      assertThat(ours.get("gen.C" + i)).containsExactly(expected);
    }
    String floodLoader = TESTING + "ClassFlood$FloodLoader";
    assertThat(
            histogram
                .entry(
                    new HeapClass(floodLoader, "jdk.internal.loader.ClassLoaders$AppClassLoader"))
                .orElseThrow()
                .instances())
        .isEqualTo(LOADERS);
    assertThat(histogram.entries())
        .filteredOn(e -> e.heapClass().name().equals("gen.C3"))
        .singleElement()
        .satisfies(e -> assertThat(e.heapClass().loader()).isEqualTo(floodLoader));
    assertThat(ours.keySet())
        .filteredOn(n -> n.matches(".*ClassFlood\\$Hidden/0x[0-9a-f]+"))
        .hasSize(HIDDEN);
    assertThat(ours.keySet())
        .filteredOn(n -> n.matches(".*ClassFlood\\$\\$Lambda.*/0x[0-9a-f]+"))
        .hasSizeGreaterThanOrEqualTo(LAMBDAS);

    // The graph has a class object for each of the 50,000 classes, not one per name.
    HeapGraph graph = HprofGraphLoader.load(dump);
    long genClasses =
        IntStream.range(0, graph.nodeCount())
            .filter(
                n ->
                    graph.isClassObject(n)
                        && graph.heapClass(graph.classOf(n)).name().startsWith("gen.C"))
            .count();
    assertThat(genClasses).isEqualTo((long) LOADERS * PER_LOADER);
    assertThat(ClassHistogram.of(graph).entries()).isEqualTo(histogram.entries());
    System.out.printf(
        "%d classes in the dump (jcmd counts %d java.lang.Class), %d loaded from the CDS archive,"
            + " %d objects%n",
        ourClassObjects.get(0), theirClassObjects.get(0), shared, histogram.totalInstances());

    AnalysisReport report = new HeapAnalyzer().analyze(dump, null, Progress.NONE);
    assertThat(report.heap().objects()).isEqualTo(histogram.totalInstances());
  }
}
