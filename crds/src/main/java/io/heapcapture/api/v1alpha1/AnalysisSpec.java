package io.heapcapture.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;

/** Whether and how each stored dump is analysed by an analyzer Job. */
public class AnalysisSpec {
  @Default("true")
  @JsonPropertyDescription(
      "Analyse each stored dump in a Job in this namespace. The report is stored beside the dump"
          + " and summarised in status.targets[].analysis.")
  private Boolean enabled = true;

  @Default("PreviousCapture")
  @JsonPropertyDescription(
      "PreviousCapture compares each dump with the newest earlier dump of the same workload and"
          + " container (what grew, leak suspects); None analyses the dump alone.")
  private BaselinePolicy baseline = BaselinePolicy.PreviousCapture;

  @Pattern("^[1-9][0-9]{0,5}(Mi|Gi)$")
  @JsonPropertyDescription(
      "Memory limit of the analyzer Job, e.g. 6Gi. Empty: sized from the dump's raw size.")
  private String memory;

  @Default("3600")
  @Min(60)
  @Max(86400)
  @JsonPropertyDescription("Seconds after which an analysis that has not finished is failed.")
  private Integer timeoutSeconds = 3600;

  public Boolean getEnabled() {
    return enabled;
  }

  public void setEnabled(Boolean enabled) {
    this.enabled = enabled;
  }

  public BaselinePolicy getBaseline() {
    return baseline;
  }

  public void setBaseline(BaselinePolicy baseline) {
    this.baseline = baseline;
  }

  public String getMemory() {
    return memory;
  }

  public void setMemory(String memory) {
    this.memory = memory;
  }

  public Integer getTimeoutSeconds() {
    return timeoutSeconds;
  }

  public void setTimeoutSeconds(Integer timeoutSeconds) {
    this.timeoutSeconds = timeoutSeconds;
  }
}
