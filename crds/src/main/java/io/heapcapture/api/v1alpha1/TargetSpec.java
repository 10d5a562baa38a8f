package io.heapcapture.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.LabelSelector;

/** The pods, container and process a capture is taken from. Always in the capture's namespace. */
@ValidationRule(
    value = "has(self.selector) != has(self.podName)",
    message = "exactly one of spec.target.selector and spec.target.podName must be set")
public class TargetSpec {
  @JsonPropertyDescription(
      "Label selector for the pods to capture from. Mutually exclusive with podName.")
  @ValidationRule(
      value =
          "(has(self.matchLabels) && size(self.matchLabels) > 0)"
              + " || (has(self.matchExpressions) && size(self.matchExpressions) > 0)",
      message =
          "spec.target.selector must not be empty: an empty selector matches every pod in the"
              + " namespace")
  @ValidationRule(
      value =
          "!has(self.matchExpressions) || self.matchExpressions.all(e,"
              + " (e.operator == 'In' || e.operator == 'NotIn')"
              + " == (has(e.values) && size(e.values) > 0))",
      message =
          "spec.target.selector.matchExpressions: operators In and NotIn need values, Exists and"
              + " DoesNotExist take none")
  @SchemaFrom(type = LabelSelectorSchema.class)
  private LabelSelector selector;

  @JsonPropertyDescription("Name of the one pod to capture from. Mutually exclusive with selector.")
  @Size(min = 1, max = 253)
  @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")
  private String podName;

  @JsonPropertyDescription(
      "Name of the application container whose JVM is captured. Defaults to the pod's only"
          + " container besides the heapcapture sidecar.")
  @Size(min = 1, max = 63)
  @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
  private String container;

  @JsonPropertyDescription(
      "Which process to capture when the container runs several JVMs. Defaults to the only JVM.")
  private ProcessSpec process;

  @JsonPropertyDescription(
      "How to reach the JVM: Auto (the sidecar when the pod has one, else an ephemeral"
          + " container), Sidecar (only an injected sidecar) or EphemeralContainer. An ephemeral"
          + " container stays in the pod's spec until the pod is deleted.")
  @Default("Auto")
  private CaptureMode mode = CaptureMode.Auto;

  public LabelSelector getSelector() {
    return selector;
  }

  public void setSelector(LabelSelector selector) {
    this.selector = selector;
  }

  public String getPodName() {
    return podName;
  }

  public void setPodName(String podName) {
    this.podName = podName;
  }

  public String getContainer() {
    return container;
  }

  public void setContainer(String container) {
    this.container = container;
  }

  public ProcessSpec getProcess() {
    return process;
  }

  public void setProcess(ProcessSpec process) {
    this.process = process;
  }

  public CaptureMode getMode() {
    return mode;
  }

  public void setMode(CaptureMode mode) {
    this.mode = mode;
  }
}
