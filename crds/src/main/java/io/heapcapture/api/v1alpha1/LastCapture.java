package io.heapcapture.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** The HeapCapture a policy created last. */
public class LastCapture {
  @JsonPropertyDescription("Name of the HeapCapture.")
  private String name;

  @JsonPropertyDescription("The trigger that created it.")
  private String trigger;

  @JsonPropertyDescription("When it was created (RFC 3339).")
  private String time;

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public String getTrigger() {
    return trigger;
  }

  public void setTrigger(String trigger) {
    this.trigger = trigger;
  }

  public String getTime() {
    return time;
  }

  public void setTime(String time) {
    this.time = time;
  }
}
