package io.heapcapture.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** One leak suspect from the report, as status shows it. */
public class SuspectSummary {
  @JsonPropertyDescription("1 for the most likely leak.")
  private Integer rank;

  @JsonPropertyDescription("Class of the retaining object or of the growing objects.")
  private String className;

  @JsonPropertyDescription("Bytes it retains now.")
  private Long retainedBytes;

  @JsonPropertyDescription("Bytes it grew by since the baseline (0 without one).")
  private Long growthBytes;

  @JsonPropertyDescription("What it is, how big, how much it grew, and which path holds it.")
  private String sentence;

  public Integer getRank() {
    return rank;
  }

  public void setRank(Integer rank) {
    this.rank = rank;
  }

  public String getClassName() {
    return className;
  }

  public void setClassName(String className) {
    this.className = className;
  }

  public Long getRetainedBytes() {
    return retainedBytes;
  }

  public void setRetainedBytes(Long retainedBytes) {
    this.retainedBytes = retainedBytes;
  }

  public Long getGrowthBytes() {
    return growthBytes;
  }

  public void setGrowthBytes(Long growthBytes) {
    this.growthBytes = growthBytes;
  }

  public String getSentence() {
    return sentence;
  }

  public void setSentence(String sentence) {
    this.sentence = sentence;
  }
}
