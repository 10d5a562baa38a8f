package io.heapcapture.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.ValidationRule;

/** Bounds that keep a capture from hurting the workload it observes. */
@ValidationRule(
    value =
        "!has(self.maxConcurrent) || !has(self.maxTargets)"
            + " || self.maxConcurrent <= self.maxTargets",
    message = "spec.limits.maxConcurrent must not exceed spec.limits.maxTargets")
public class LimitsSpec {
  @Default("1")
  @Min(1)
  @Max(100)
  @JsonPropertyDescription(
      "How many pods are dumped at the same time. A dump pauses its JVM, so keep this small.")
  private Integer maxConcurrent = 1;

  @Default("10")
  @Min(1)
  @Max(100)
  @JsonPropertyDescription("How many of the matching pods are captured at most.")
  private Integer maxTargets = 10;

  @Default("1800")
  @Min(30)
  @Max(86400)
  @JsonPropertyDescription(
      "Seconds after which a capture that has not finished is marked Failed and its upload"
          + " aborted.")
  private Integer timeoutSeconds = 1800;

  public Integer getMaxConcurrent() {
    return maxConcurrent;
  }

  public void setMaxConcurrent(Integer maxConcurrent) {
    this.maxConcurrent = maxConcurrent;
  }

  public Integer getMaxTargets() {
    return maxTargets;
  }

  public void setMaxTargets(Integer maxTargets) {
    this.maxTargets = maxTargets;
  }

  public Integer getTimeoutSeconds() {
    return timeoutSeconds;
  }

  public void setTimeoutSeconds(Integer timeoutSeconds) {
    this.timeoutSeconds = timeoutSeconds;
  }
}
