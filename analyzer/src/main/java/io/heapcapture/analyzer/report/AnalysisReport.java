package io.heapcapture.analyzer.report;

import java.util.List;

/**
 * The analysis of one dump, optionally against a baseline. Serialized as JSON with a stable,
 * versioned schema; see docs/analysis-report.md. Fields are only ever added within a version.
 *
 * @param schema always {@link #SCHEMA}
 * @param dump what was analysed (a file name or URI)
 * @param baseline what it was compared with, or null
 * @param heap the current heap
 * @param baselineHeap the baseline heap, or null
 * @param diff what grew since the baseline, or null
 * @param suspects leak suspects, most likely first
 */
public record AnalysisReport(
    String schema,
    String dump,
    String baseline,
    HeapSummary heap,
    HeapSummary baselineHeap,
    HeapDiffReport diff,
    List<LeakSuspect> suspects) {
  public static final String SCHEMA = "heapcapture.io/analysis-report/v1";

  public AnalysisReport {
    suspects = List.copyOf(suspects);
  }
}
