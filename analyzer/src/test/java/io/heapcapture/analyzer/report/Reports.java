package io.heapcapture.analyzer.report;

import java.util.List;

/** Small hand-made summaries for tests of the diff, the suspects and the renderings. */
public final class Reports {
  private Reports() {}

  public static PathStep step(String className, String reference) {
    return new PathStep(className, reference);
  }

  public static Retainer retainer(String className, long retained, PathStep... path) {
    return new Retainer(className, 1, 16, retained, "io.example.Session", 10, List.of(path));
  }

  public static HeapSummary heap(
      long reachable, List<ClassStats> classes, List<Retainer> retainers) {
    return new HeapSummary("HPROF", 100, reachable + 1000, reachable, classes, retainers);
  }

  public static ClassStats stats(String className, long instances, long bytes) {
    return new ClassStats(className, "", instances, bytes, bytes);
  }
}
