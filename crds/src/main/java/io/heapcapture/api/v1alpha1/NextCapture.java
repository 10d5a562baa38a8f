package io.heapcapture.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** The next scheduled capture of a policy. */
public class NextCapture {
  @JsonPropertyDescription("The schedule trigger due next.")
  private String trigger;

  @JsonPropertyDescription("When it is due (RFC 3339).")
  private String time;

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
