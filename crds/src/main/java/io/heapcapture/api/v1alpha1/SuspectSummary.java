package io.heapcapture.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** One leak suspect from the report, as status shows it. */
public class SuspectSummary {
  @JsonPropertyDescription("1 for the most likely leak.")
  private Integer rank;

  @JsonPropertyDescription(
      "high: grew since the baseline by enough to call it a leak; low: smaller growth, or no"
          + " baseline (then it is only large).")
  private String confidence;

  @JsonPropertyDescription("The class that accumulates.")
  private String className;

  @JsonPropertyDescription("The reference that holds the growing collection, e.g. a static field.")
  private String holder;

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

  public String getConfidence() {
    return confidence;
  }

  public void setConfidence(String confidence) {
    this.confidence = confidence;
  }

  public String getHolder() {
    return holder;
  }

  public void setHolder(String holder) {
    this.holder = holder;
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
