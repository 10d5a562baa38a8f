package io.heapcapture.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.ArrayList;
import java.util.List;

/** What a policy captures, from which pods, where it stores it, and which triggers fire it. */
public class HeapCapturePolicySpec {
  @Required
  @JsonPropertyDescription("Which pods, container and process to capture from.")
  private TargetSpec target;

  @JsonPropertyDescription("What to capture. Defaults to a heap dump of live objects.")
  private CaptureSpec capture = new CaptureSpec();

  @Required
  @JsonPropertyDescription("The S3-compatible bucket the dumps are uploaded to.")
  private StorageSpec storage;

  @JsonPropertyDescription(
      "Analyse each stored dump, against the previous dump of the same workload. Absent: no"
          + " analysis.")
  private AnalysisSpec analysis;

  @Required
  @Size(min = 1, max = 16)
  @ValidationRule(
      value = "self.all(t, self.filter(u, u.name == t.name).size() == 1)",
      message = "spec.triggers[].name must be unique")
  @ValidationRule(
      value = "self.filter(t, has(t.outOfMemory)).size() <= 1",
      message = "spec.triggers may hold at most one outOfMemory trigger")
  @JsonPropertyDescription("When to capture. Each trigger creates a HeapCapture when it fires.")
  private List<PolicyTrigger> triggers = new ArrayList<>();

  @JsonPropertyDescription("Bounds on how many pods each capture takes, at once and in total.")
  private LimitsSpec limits = new LimitsSpec();

  @Default("false")
  @JsonPropertyDescription(
      "True stops the schedules and disarms the sidecars; captures already running finish.")
  private Boolean suspend = false;

  @Default("5")
  @Min(0)
  @Max(100)
  @JsonPropertyDescription("How many succeeded HeapCaptures to keep; older ones are deleted.")
  private Integer successfulCapturesHistoryLimit = 5;

  @Default("3")
  @Min(0)
  @Max(100)
  @JsonPropertyDescription("How many failed HeapCaptures to keep; older ones are deleted.")
  private Integer failedCapturesHistoryLimit = 3;

  public TargetSpec getTarget() {
    return target;
  }

  public void setTarget(TargetSpec target) {
    this.target = target;
  }

  public CaptureSpec getCapture() {
    return capture;
  }

  public void setCapture(CaptureSpec capture) {
    this.capture = capture;
  }

  public StorageSpec getStorage() {
    return storage;
  }

  public void setStorage(StorageSpec storage) {
    this.storage = storage;
  }

  public AnalysisSpec getAnalysis() {
    return analysis;
  }

  public void setAnalysis(AnalysisSpec analysis) {
    this.analysis = analysis;
  }

  public List<PolicyTrigger> getTriggers() {
    return triggers;
  }

  public void setTriggers(List<PolicyTrigger> triggers) {
    this.triggers = triggers;
  }

  public LimitsSpec getLimits() {
    return limits;
  }

  public void setLimits(LimitsSpec limits) {
    this.limits = limits;
  }

  public Boolean getSuspend() {
    return suspend;
  }

  public void setSuspend(Boolean suspend) {
    this.suspend = suspend;
  }

  public Integer getSuccessfulCapturesHistoryLimit() {
    return successfulCapturesHistoryLimit;
  }

  public void setSuccessfulCapturesHistoryLimit(Integer successfulCapturesHistoryLimit) {
    this.successfulCapturesHistoryLimit = successfulCapturesHistoryLimit;
  }

  public Integer getFailedCapturesHistoryLimit() {
    return failedCapturesHistoryLimit;
  }

  public void setFailedCapturesHistoryLimit(Integer failedCapturesHistoryLimit) {
    this.failedCapturesHistoryLimit = failedCapturesHistoryLimit;
  }
}
