package io.heapcapture.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** One of the classes that grew most since the baseline. */
public class ClassGrowthSummary {
  @JsonPropertyDescription("Class name.")
  private String className;

  @JsonPropertyDescription("Change in the number of instances.")
  private Long instances;

  @JsonPropertyDescription("Change in shallow bytes.")
  private Long bytes;

  public String getClassName() {
    return className;
  }

  public void setClassName(String className) {
    this.className = className;
  }

  public Long getInstances() {
    return instances;
  }

  public void setInstances(Long instances) {
    this.instances = instances;
  }

  public Long getBytes() {
    return bytes;
  }

  public void setBytes(Long bytes) {
    this.bytes = bytes;
  }
}
