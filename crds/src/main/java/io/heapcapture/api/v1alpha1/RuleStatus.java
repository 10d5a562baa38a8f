package io.heapcapture.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** The sidecar's account of one threshold rule in one pod. */
public class RuleStatus {
  @JsonPropertyDescription("The threshold trigger's name.")
  private String name;

  @JsonPropertyDescription(
      "Armed, Holding, Cooldown, WaitingToRearm, WindowFull or Unavailable, as the sidecar"
          + " reports it.")
  private String phase;

  @JsonPropertyDescription("The last value read, in the condition's unit.")
  private Double value;

  @JsonPropertyDescription("Why the rule is unavailable or quiet.")
  private String reason;

  @JsonPropertyDescription("Dumps it has taken since it was armed.")
  private Integer fired;

  @JsonPropertyDescription("When it last fired (RFC 3339).")
  private String lastFiredAt;

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public String getPhase() {
    return phase;
  }

  public void setPhase(String phase) {
    this.phase = phase;
  }

  public Double getValue() {
    return value;
  }

  public void setValue(Double value) {
    this.value = value;
  }

  public String getReason() {
    return reason;
  }

  public void setReason(String reason) {
    this.reason = reason;
  }

  public Integer getFired() {
    return fired;
  }

  public void setFired(Integer fired) {
    this.fired = fired;
  }

  public String getLastFiredAt() {
    return lastFiredAt;
  }

  public void setLastFiredAt(String lastFiredAt) {
    this.lastFiredAt = lastFiredAt;
  }
}
