package io.heapcapture.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;

/** Observed state of a HeapCapture. Small by design: no stack traces, bounded lists. */
public class HeapCaptureStatus {
  @JsonPropertyDescription("The metadata.generation this status describes.")
  private Long observedGeneration;

  @JsonPropertyDescription("Pending, Capturing, Succeeded or Failed.")
  private CapturePhase phase;

  @JsonPropertyDescription("Stored targets of planned targets, e.g. '2/3'.")
  private String summary;

  @JsonPropertyDescription("Machine-readable reason of the current phase.")
  private String reason;

  @JsonPropertyDescription("One sentence on the current phase.")
  private String message;

  @JsonPropertyDescription("When the capture was first planned (RFC 3339).")
  private String startTime;

  @JsonPropertyDescription("When the capture reached Succeeded or Failed (RFC 3339).")
  private String completionTime;

  @JsonPropertyDescription(
      "Standard conditions: Complete (all targets stored) and Failed (the capture ended"
          + " without storing every target).")
  private List<Condition> conditions = new ArrayList<>();

  @Size(max = 100)
  @JsonPropertyDescription("One entry per captured target.")
  private List<TargetStatus> targets = new ArrayList<>();

  public Long getObservedGeneration() {
    return observedGeneration;
  }

  public void setObservedGeneration(Long observedGeneration) {
    this.observedGeneration = observedGeneration;
  }

  public CapturePhase getPhase() {
    return phase;
  }

  public void setPhase(CapturePhase phase) {
    this.phase = phase;
  }

  public String getSummary() {
    return summary;
  }

  public void setSummary(String summary) {
    this.summary = summary;
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

  public String getStartTime() {
    return startTime;
  }

  public void setStartTime(String startTime) {
    this.startTime = startTime;
  }

  public String getCompletionTime() {
    return completionTime;
  }

  public void setCompletionTime(String completionTime) {
    this.completionTime = completionTime;
  }

  public List<Condition> getConditions() {
    return conditions;
  }

  public void setConditions(List<Condition> conditions) {
    this.conditions = conditions;
  }

  public List<TargetStatus> getTargets() {
    return targets;
  }

  public void setTargets(List<TargetStatus> targets) {
    this.targets = targets;
  }
}
