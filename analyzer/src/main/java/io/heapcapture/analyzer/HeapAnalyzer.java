package io.heapcapture.analyzer;

import io.heapcapture.analyzer.diff.HeapDiff;
import io.heapcapture.analyzer.graph.DominatorTree;
import io.heapcapture.analyzer.graph.GcRootPaths;
import io.heapcapture.analyzer.graph.HeapClass;
import io.heapcapture.analyzer.graph.HeapGraph;
import io.heapcapture.analyzer.graph.RetainedSizes;
import io.heapcapture.analyzer.graph.TopDominators;
import io.heapcapture.analyzer.histogram.ClassHistogram;
import io.heapcapture.analyzer.hprof.HprofGraphLoader;
import io.heapcapture.analyzer.input.DumpFormat;
import io.heapcapture.analyzer.input.DumpInput;
import io.heapcapture.analyzer.report.AnalysisReport;
import io.heapcapture.analyzer.report.ClassStats;
import io.heapcapture.analyzer.report.HeapDiffReport;
import io.heapcapture.analyzer.report.HeapSummary;
import io.heapcapture.analyzer.report.LeakSuspect;
import io.heapcapture.analyzer.report.PathStep;
import io.heapcapture.analyzer.report.Retainer;
import io.heapcapture.analyzer.suspects.BaselineShapes;
import io.heapcapture.analyzer.suspects.LeakSuspects;
import io.heapcapture.analyzer.v8.V8SnapshotLoader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The whole analysis of a dump: load the object graph, compute dominators, retained sizes and paths
 * from GC roots, summarise classes and top retainers, and, with a baseline, what grew and which
 * retainers are leak suspects.
 */
public final class HeapAnalyzer {
  private static final String JAVA_LANG_CLASS = "java.lang.Class";
  private static final int MAX_SUSPECTS = 5;
  private final int topRetainers;
  private final int maxClasses;

  public HeapAnalyzer(int topRetainers, int maxClasses) {
    this.topRetainers = topRetainers;
    this.maxClasses = maxClasses;
  }

  public HeapAnalyzer() {
    this(20, 200);
  }

  /** Analyses {@code dump}, against {@code baseline} when it is not null. */
  public AnalysisReport analyze(Path dump, Path baseline, Progress progress) throws IOException {
    // The baseline first: all that is kept of it is its summary and its shapes, so the two graphs
    // are never in memory together.
    Examination before = baseline == null ? null : examine(baseline, null, false, true, progress);
    Examination current =
        examine(dump, before == null ? null : before.shapes(), true, false, progress);
    HeapDiffReport diff =
        before == null
            ? null
            : new HeapDiff(maxClasses).between(before.summary(), current.summary());
    return new AnalysisReport(
        AnalysisReport.SCHEMA,
        dump.getFileName().toString(),
        baseline == null ? null : baseline.getFileName().toString(),
        current.summary(),
        before == null ? null : before.summary(),
        diff,
        current.suspects());
  }

  /** The summary of one dump. */
  public HeapSummary summarize(Path dump, Progress progress) throws IOException {
    return examine(dump, null, false, false, progress).summary();
  }

  /** What one dump tells: its summary, its shapes for a later dump, and its suspects if asked. */
  private record Examination(
      HeapSummary summary, BaselineShapes shapes, List<LeakSuspect> suspects) {}

  private Examination examine(
      Path dump,
      BaselineShapes baseline,
      boolean withSuspects,
      boolean forBaseline,
      Progress progress)
      throws IOException {
    DumpFormat format;
    HeapGraph graph = null;
    try (DumpInput input = DumpInput.open(dump)) {
      format = input.format();
      if (format == DumpFormat.V8_HEAP_SNAPSHOT) {
        progress.update("reading the snapshot", 0, -1);
        graph = V8SnapshotLoader.load(input.stream());
      }
    }
    if (graph == null) {
      // HPROF references point forward and backward: the loader reads the dump twice.
      graph = HprofGraphLoader.load(dump, progress);
    }
    progress.update("dominators", 0, -1);
    DominatorTree tree = DominatorTree.compute(graph);
    RetainedSizes sizes = RetainedSizes.compute(graph, tree);
    progress.update("paths from GC roots", 0, -1);
    GcRootPaths paths = GcRootPaths.compute(graph);
    progress.update("summary", 0, -1);
    HeapSummary summary =
        new HeapSummary(
            format.name(),
            graph.nodeCount(),
            totalShallow(graph),
            sizes.reachableSize(),
            classes(graph, sizes),
            retainers(graph, tree, sizes, paths));
    if (!withSuspects) {
      // A baseline's shapes are what the later dump is measured against.
      return new Examination(
          summary, forBaseline ? LeakSuspects.baseline(paths, tree, sizes) : null, List.of());
    }
    progress.update("leak suspects", 0, -1);
    return new Examination(
        summary, null, new LeakSuspects(MAX_SUSPECTS).find(paths, tree, sizes, baseline));
  }

  private List<ClassStats> classes(HeapGraph graph, RetainedSizes sizes) {
    Map<HeapClass, Integer> index = new HashMap<>();
    for (int c = 0; c < graph.classes().size(); c++) {
      index.put(graph.heapClass(c), c);
    }
    List<ClassStats> classes = new ArrayList<>();
    // The histogram counts class objects as java.lang.Class instances, as the JVM does; their
    // retained size belongs to no class index (a class object stands for its own class in the
    // graph), so it is reported as unknown.
    for (ClassHistogram.Entry e : ClassHistogram.of(graph).entries()) {
      HeapClass heapClass = e.heapClass();
      boolean classClass = heapClass.name().equals(JAVA_LANG_CLASS) && heapClass.loader().isEmpty();
      Integer c = index.get(heapClass);
      classes.add(
          new ClassStats(
              heapClass.name(),
              heapClass.loader(),
              e.instances(),
              e.shallowBytes(),
              classClass || c == null ? -1 : sizes.classRetainedSize(c)));
    }
    classes.sort(
        Comparator.comparingLong(ClassStats::retainedBytes)
            .thenComparingLong(ClassStats::shallowBytes)
            .reversed()
            .thenComparing(ClassStats::className));
    return classes.subList(0, Math.min(maxClasses, classes.size()));
  }

  /**
   * The largest top-level dominators, each followed down to where its memory accumulates (a class
   * loader or a class object is rarely the answer; the collection inside it is).
   */
  private List<Retainer> retainers(
      HeapGraph graph, DominatorTree tree, RetainedSizes sizes, GcRootPaths paths) {
    TopDominators top = new TopDominators(tree, sizes);
    List<Retainer> retainers = new ArrayList<>();
    for (TopDominators.Dominator d : top.largest(topRetainers)) {
      int node = top.accumulationPoint(d.node());
      retainers.add(retainer(graph, tree, sizes, paths, node));
    }
    retainers.sort(Comparator.comparingLong(Retainer::retainedBytes).reversed());
    return retainers;
  }

  private static Retainer retainer(
      HeapGraph graph, DominatorTree tree, RetainedSizes sizes, GcRootPaths paths, int node) {
    long[] heldBytes = new long[graph.classes().size()];
    long[] heldCount = new long[graph.classes().size()];
    for (int child : tree.children(node)) {
      heldBytes[graph.classOf(child)] += sizes.retainedSize(child);
      heldCount[graph.classOf(child)]++;
    }
    int held = -1;
    for (int c = 0; c < heldBytes.length; c++) {
      if (heldBytes[c] > 0 && (held < 0 || heldBytes[c] > heldBytes[held])) {
        held = c;
      }
    }
    List<PathStep> path = new ArrayList<>();
    for (GcRootPaths.PathStep step : paths.pathTo(node)) {
      path.add(new PathStep(step.heapClass().name(), step.reference()));
    }
    return new Retainer(
        graph.heapClass(graph.classOf(node)).name(),
        graph.objectId(node),
        graph.shallowSize(node),
        sizes.retainedSize(node),
        held < 0 ? null : graph.heapClass(held).name(),
        held < 0 ? 0 : heldCount[held],
        path);
  }

  private static long totalShallow(HeapGraph graph) {
    long total = 0;
    for (int n = 0; n < graph.nodeCount(); n++) {
      total += graph.shallowSize(n);
    }
    return total;
  }
}
