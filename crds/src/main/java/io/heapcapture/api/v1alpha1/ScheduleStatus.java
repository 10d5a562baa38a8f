package io.heapcapture.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * Where one schedule trigger stands. The operator computes what is due from this, so a restart
 * neither repeats a capture nor fires every run it missed.
 */
public class ScheduleStatus {
  @JsonPropertyDescription("The trigger's name.")
  private String trigger;

  @JsonPropertyDescription("The scheduled time of the last capture it created (RFC 3339).")
  private String lastScheduleTime;

  @JsonPropertyDescription("How many captures it has created; compared with schedule.count.")
  private Integer fired;

  public String getTrigger() {
    return trigger;
  }

  public void setTrigger(String trigger) {
    this.trigger = trigger;
  }

  public String getLastScheduleTime() {
    return lastScheduleTime;
  }

  public void setLastScheduleTime(String lastScheduleTime) {
    this.lastScheduleTime = lastScheduleTime;
  }

  public Integer getFired() {
    return fired;
  }

  public void setFired(Integer fired) {
    this.fired = fired;
  }
}
