package io.heapcapture.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;

/** Observed state of a HeapCapturePolicy. Bounded lists: one entry per pod, trigger or kill. */
public class HeapCapturePolicyStatus {
  @JsonPropertyDescription("The metadata.generation this status describes.")
  private Long observedGeneration;

  @JsonPropertyDescription(
      "Ready: the schedules run and every target pod that needs its sidecar armed is armed.")
  private List<Condition> conditions = new ArrayList<>();

  @JsonPropertyDescription("How many HeapCaptures this policy has created.")
  private Long capturesCreated;

  @JsonPropertyDescription("The HeapCapture created last.")
  private LastCapture lastCapture;

  @JsonPropertyDescription("The next scheduled capture; absent when no schedule is pending.")
  private NextCapture nextCapture;

  @Size(max = 100)
  @JsonPropertyDescription("Each target pod: whether its sidecar holds the policy's rules.")
  private List<PolicyTargetStatus> targets = new ArrayList<>();

  @Size(max = 16)
  @JsonPropertyDescription("Each schedule trigger: when it last fired and how often.")
  private List<ScheduleStatus> schedules = new ArrayList<>();

  @Size(max = 50)
  @JsonPropertyDescription("Containers of target pods that the kernel killed for lack of memory.")
  private List<OomKill> oomKills = new ArrayList<>();

  public Long getObservedGeneration() {
    return observedGeneration;
  }

  public void setObservedGeneration(Long observedGeneration) {
    this.observedGeneration = observedGeneration;
  }

  public List<Condition> getConditions() {
    return conditions;
  }

  public void setConditions(List<Condition> conditions) {
    this.conditions = conditions;
  }

  public Long getCapturesCreated() {
    return capturesCreated;
  }

  public void setCapturesCreated(Long capturesCreated) {
    this.capturesCreated = capturesCreated;
  }

  public LastCapture getLastCapture() {
    return lastCapture;
  }

  public void setLastCapture(LastCapture lastCapture) {
    this.lastCapture = lastCapture;
  }

  public NextCapture getNextCapture() {
    return nextCapture;
  }

  public void setNextCapture(NextCapture nextCapture) {
    this.nextCapture = nextCapture;
  }

  public List<PolicyTargetStatus> getTargets() {
    return targets;
  }

  public void setTargets(List<PolicyTargetStatus> targets) {
    this.targets = targets;
  }

  public List<ScheduleStatus> getSchedules() {
    return schedules;
  }

  public void setSchedules(List<ScheduleStatus> schedules) {
    this.schedules = schedules;
  }

  public List<OomKill> getOomKills() {
    return oomKills;
  }

  public void setOomKills(List<OomKill> oomKills) {
    this.oomKills = oomKills;
  }
}
