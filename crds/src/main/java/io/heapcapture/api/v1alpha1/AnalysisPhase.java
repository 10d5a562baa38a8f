package io.heapcapture.api.v1alpha1;

/** Where the analysis of one stored dump stands. */
public enum AnalysisPhase {
  /** The analyzer Job was created and has not finished. */
  Running,
  /** The report is stored and summarised in status. */
  Succeeded,
  /** No report; see reason and message. */
  Failed;

  public boolean isTerminal() {
    return this != Running;
  }
}
