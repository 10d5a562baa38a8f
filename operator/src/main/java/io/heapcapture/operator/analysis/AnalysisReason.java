package io.heapcapture.operator.analysis;

/** Reasons of an analysis in status and Events. Stable identifiers: automation may rely on them. */
public enum AnalysisReason {
  /** Some stored dumps are still being analysed. */
  Analyzing,
  /** Every stored dump was analysed. */
  Analyzed,
  /** The capture stored no dump, so there is nothing to analyse. */
  NothingToAnalyze,
  /** The API server refused the analyzer Job or its Secret (quota, policy, permissions). */
  AnalysisNotStarted,
  /** The analyzer Job failed: bad dump, out of memory, or its deadline. */
  AnalysisJobFailed,
  /** The analyzer Job was deleted before it stored a report. */
  AnalysisJobLost,
  /** The analyzer Job completed without storing a report. */
  ReportMissing,
  /** The stored report is not a report this operator can read. */
  ReportUnreadable,
  /** No report within the analysis timeout. */
  AnalysisTimeout,
  /** The dump's location in status is not in the capture's bucket. */
  DumpNotFound
}
