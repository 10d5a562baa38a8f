package io.heapcapture.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

/** What to capture, from which pods, and where to store it. */
public class HeapCaptureSpec {
  @Required
  @JsonPropertyDescription("Which pods, container and process to capture from.")
  private TargetSpec target;

  @JsonPropertyDescription("What to capture. Defaults to a heap dump of live objects.")
  private CaptureSpec capture = new CaptureSpec();

  @JsonPropertyDescription("Bounds on how many pods are captured, at once and in total.")
  private LimitsSpec limits = new LimitsSpec();

  @JsonPropertyDescription(
      "Analyse each stored dump: what holds the heap and, against the previous dump of the same"
          + " workload, what grew. Absent: no analysis.")
  private AnalysisSpec analysis;

  @Required
  @JsonPropertyDescription("The S3-compatible bucket the dumps are uploaded to.")
  private StorageSpec storage;

  @JsonPropertyDescription(
      "Adopt a dump the pod's sidecar already holds (taken by a threshold or on"
          + " OutOfMemoryError) instead of taking a new one. Set by HeapCapturePolicy.")
  private CaptureSource source;

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

  public LimitsSpec getLimits() {
    return limits;
  }

  public void setLimits(LimitsSpec limits) {
    this.limits = limits;
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

  public CaptureSource getSource() {
    return source;
  }

  public void setSource(CaptureSource source) {
    this.source = source;
  }

  /** True when stored dumps are to be analysed. */
  @JsonIgnore
  public boolean analysisRequested() {
    return analysis != null && !Boolean.FALSE.equals(analysis.getEnabled());
  }
}
