package io.heapcapture.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * A memory condition the sidecar watches about once a second; it dumps when the value stays above
 * the mark for {@code for}, then stays quiet for {@code cooldown} and, with {@code rearmBelow},
 * until the value has stayed below that lower mark for {@code rearmAfter}.
 */
@ValidationRule(
    value =
        "(has(self.heapUsedPercent) ? 1 : 0) + (has(self.oldGenAfterGcPercent) ? 1 : 0)"
            + " + (has(self.gcTimePercent) ? 1 : 0) + (has(self.containerMemoryPercent) ? 1 : 0)"
            + " + (has(self.processRssBytes) ? 1 : 0) == 1",
    message =
        "exactly one of heapUsedPercent, oldGenAfterGcPercent, gcTimePercent,"
            + " containerMemoryPercent and processRssBytes must be set in"
            + " spec.triggers[].threshold")
@ValidationRule(
    value =
        "!has(self.rearmBelow)"
            + " || ((!has(self.heapUsedPercent) || self.rearmBelow < self.heapUsedPercent)"
            + " && (!has(self.oldGenAfterGcPercent) || self.rearmBelow < self.oldGenAfterGcPercent)"
            + " && (!has(self.gcTimePercent) || self.rearmBelow < self.gcTimePercent)"
            + " && (!has(self.containerMemoryPercent)"
            + " || self.rearmBelow < self.containerMemoryPercent)"
            + " && (!has(self.processRssBytes) || self.rearmBelow < double(self.processRssBytes)))",
    fieldPath = ".rearmBelow",
    message = "spec.triggers[].threshold.rearmBelow must be below the threshold")
@ValidationRule(
    value = "!has(self.maxCount) || self.maxCount == 0 || has(self.window)",
    fieldPath = ".window",
    message = "spec.triggers[].threshold.window is required with maxCount")
public class ThresholdTrigger {
  private static final String DURATION = "^([0-9]+[hms])+$";

  @Min(0)
  @Max(100)
  @JsonPropertyDescription("JVM heap used, percent of the heap's maximum (hsperfdata).")
  private Double heapUsedPercent;

  @Min(0)
  @Max(100)
  @JsonPropertyDescription("JVM old generation occupancy after the last collection, percent.")
  private Double oldGenAfterGcPercent;

  @Min(0)
  @Max(100)
  @JsonPropertyDescription("Share of wall time the JVM spent in GC recently, percent.")
  private Double gcTimePercent;

  @Min(0)
  @Max(100)
  @JsonPropertyDescription(
      "The container's working set, percent of its memory limit: dumps before the kernel's OOM"
          + " killer strikes.")
  private Double containerMemoryPercent;

  @Min(1)
  @JsonPropertyDescription("The process's resident set size in bytes (any runtime, e.g. Node.js).")
  private Long processRssBytes;

  @JsonProperty("for")
  @Size(max = 32)
  @Pattern(DURATION)
  @JsonPropertyDescription("How long the condition must hold before a dump, e.g. 30s. Default 0s.")
  private String holdFor;

  @Size(max = 32)
  @Pattern(DURATION)
  @JsonPropertyDescription("Quiet time after a dump, e.g. 10m. Default 0s.")
  private String cooldown;

  @Min(0)
  @JsonPropertyDescription(
      "Hysteresis: after a dump, re-arm only once the value has stayed below this lower mark"
          + " for rearmAfter. Same unit as the condition.")
  private Double rearmBelow;

  @Size(max = 32)
  @Pattern(DURATION)
  @JsonPropertyDescription("How long the value must stay below rearmBelow. Default 0s.")
  private String rearmAfter;

  @Min(0)
  @JsonPropertyDescription("At most this many dumps in any sliding window; 0 or absent: no limit.")
  private Integer maxCount;

  @Size(max = 32)
  @Pattern(DURATION)
  @JsonPropertyDescription("The sliding window of maxCount, e.g. 1h.")
  private String window;

  public Double getHeapUsedPercent() {
    return heapUsedPercent;
  }

  public void setHeapUsedPercent(Double heapUsedPercent) {
    this.heapUsedPercent = heapUsedPercent;
  }

  public Double getOldGenAfterGcPercent() {
    return oldGenAfterGcPercent;
  }

  public void setOldGenAfterGcPercent(Double oldGenAfterGcPercent) {
    this.oldGenAfterGcPercent = oldGenAfterGcPercent;
  }

  public Double getGcTimePercent() {
    return gcTimePercent;
  }

  public void setGcTimePercent(Double gcTimePercent) {
    this.gcTimePercent = gcTimePercent;
  }

  public Double getContainerMemoryPercent() {
    return containerMemoryPercent;
  }

  public void setContainerMemoryPercent(Double containerMemoryPercent) {
    this.containerMemoryPercent = containerMemoryPercent;
  }

  public Long getProcessRssBytes() {
    return processRssBytes;
  }

  public void setProcessRssBytes(Long processRssBytes) {
    this.processRssBytes = processRssBytes;
  }

  public String getHoldFor() {
    return holdFor;
  }

  public void setHoldFor(String holdFor) {
    this.holdFor = holdFor;
  }

  public String getCooldown() {
    return cooldown;
  }

  public void setCooldown(String cooldown) {
    this.cooldown = cooldown;
  }

  public Double getRearmBelow() {
    return rearmBelow;
  }

  public void setRearmBelow(Double rearmBelow) {
    this.rearmBelow = rearmBelow;
  }

  public String getRearmAfter() {
    return rearmAfter;
  }

  public void setRearmAfter(String rearmAfter) {
    this.rearmAfter = rearmAfter;
  }

  public Integer getMaxCount() {
    return maxCount;
  }

  public void setMaxCount(Integer maxCount) {
    this.maxCount = maxCount;
  }

  public String getWindow() {
    return window;
  }

  public void setWindow(String window) {
    this.window = window;
  }
}
