package io.heapcapture.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import java.util.ArrayList;
import java.util.List;

/** One target pod of a policy: whether its sidecar holds the policy's rules, and why not. */
public class PolicyTargetStatus {
  @JsonPropertyDescription("Pod name.")
  private String pod;

  @JsonPropertyDescription(
      "True when the pod's sidecar holds this generation of the policy's rules and all of them"
          + " can be evaluated.")
  private Boolean armed;

  @JsonPropertyDescription(
      "Why not armed: NoSidecar, SidecarNotReady, SidecarUnreachable, SidecarUnauthorized,"
          + " RuleRejected, RuleUnavailable; ScheduleOnly when nothing needs arming.")
  private String reason;

  @JsonPropertyDescription("One sentence on the reason.")
  private String message;

  @Size(max = 16)
  @JsonPropertyDescription("The sidecar's account of each threshold rule.")
  private List<RuleStatus> rules = new ArrayList<>();

  public String getPod() {
    return pod;
  }

  public void setPod(String pod) {
    this.pod = pod;
  }

  public Boolean getArmed() {
    return armed;
  }

  public void setArmed(Boolean armed) {
    this.armed = armed;
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

  public List<RuleStatus> getRules() {
    return rules;
  }

  public void setRules(List<RuleStatus> rules) {
    this.rules = rules;
  }
}
