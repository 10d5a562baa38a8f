package io.heapcapture.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;

/** The analysis of one stored dump: its Job, its report, and the report's headline. */
public class AnalysisStatus {
  @JsonPropertyDescription("Running, Succeeded or Failed.")
  private AnalysisPhase phase;

  @JsonPropertyDescription("Name of the analyzer Job in this namespace.")
  private String job;

  @JsonPropertyDescription("Memory limit the Job was given.")
  private String memory;

  @JsonPropertyDescription(
      "The earlier dump this one was compared with, as s3://bucket/key; empty without a baseline.")
  private String baselineUri;

  @JsonPropertyDescription(
      "The JSON report, as s3://bucket/key; a Markdown report lies beside it (.report.md).")
  private String reportUri;

  @JsonPropertyDescription("When the Job was created (RFC 3339).")
  private String startedAt;

  @JsonPropertyDescription("When the report was read or the analysis failed (RFC 3339).")
  private String finishedAt;

  @JsonPropertyDescription("Shallow bytes of the objects reachable from GC roots.")
  private Long reachableBytes;

  @JsonPropertyDescription("Change in reachable bytes since the baseline.")
  private Long reachableGrowthBytes;

  @JsonPropertyDescription("The top leak suspects, most likely first.")
  private List<SuspectSummary> suspects;

  @JsonPropertyDescription("The classes that grew most since the baseline, in bytes.")
  private List<ClassGrowthSummary> topGrowth;

  @JsonPropertyDescription("Machine-readable reason of a failure.")
  private String reason;

  @JsonPropertyDescription("One sentence on a failure.")
  private String message;

  public AnalysisPhase getPhase() {
    return phase;
  }

  public void setPhase(AnalysisPhase phase) {
    this.phase = phase;
  }

  public String getJob() {
    return job;
  }

  public void setJob(String job) {
    this.job = job;
  }

  public String getMemory() {
    return memory;
  }

  public void setMemory(String memory) {
    this.memory = memory;
  }

  public String getBaselineUri() {
    return baselineUri;
  }

  public void setBaselineUri(String baselineUri) {
    this.baselineUri = baselineUri;
  }

  public String getReportUri() {
    return reportUri;
  }

  public void setReportUri(String reportUri) {
    this.reportUri = reportUri;
  }

  public String getStartedAt() {
    return startedAt;
  }

  public void setStartedAt(String startedAt) {
    this.startedAt = startedAt;
  }

  public String getFinishedAt() {
    return finishedAt;
  }

  public void setFinishedAt(String finishedAt) {
    this.finishedAt = finishedAt;
  }

  public Long getReachableBytes() {
    return reachableBytes;
  }

  public void setReachableBytes(Long reachableBytes) {
    this.reachableBytes = reachableBytes;
  }

  public Long getReachableGrowthBytes() {
    return reachableGrowthBytes;
  }

  public void setReachableGrowthBytes(Long reachableGrowthBytes) {
    this.reachableGrowthBytes = reachableGrowthBytes;
  }

  public List<SuspectSummary> getSuspects() {
    return suspects;
  }

  public void setSuspects(List<SuspectSummary> suspects) {
    this.suspects = suspects;
  }

  public List<ClassGrowthSummary> getTopGrowth() {
    return topGrowth;
  }

  public void setTopGrowth(List<ClassGrowthSummary> topGrowth) {
    this.topGrowth = topGrowth;
  }

  public String getReason() {
    return reason;
  }

  public void setReason(String reason) {
    this.reason = reason;
  }

  public String getMessage() {
    return message;
  }

  public void setMessage(String message) {
    this.message = message;
  }
}
