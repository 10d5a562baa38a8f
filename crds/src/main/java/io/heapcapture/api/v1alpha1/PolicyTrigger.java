package io.heapcapture.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** One reason to capture: a schedule, a memory threshold, or a JVM's OutOfMemoryError. */
@ValidationRule(
    value =
        "(has(self.schedule) ? 1 : 0) + (has(self.threshold) ? 1 : 0)"
            + " + (has(self.outOfMemory) ? 1 : 0) == 1",
    message =
        "exactly one of spec.triggers[].schedule, spec.triggers[].threshold and"
            + " spec.triggers[].outOfMemory must be set")
public class PolicyTrigger {
  @Required
  @Size(min = 1, max = 63)
  @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
  @JsonPropertyDescription(
      "Name of the trigger, unique in the policy; the label heapcapture.io/trigger of the"
          + " captures it creates.")
  private String name;

  @JsonPropertyDescription("Capture on a cron schedule or at a fixed interval.")
  private ScheduleTrigger schedule;

  @JsonPropertyDescription(
      "Capture when a memory condition holds; evaluated by the pod's sidecar, so it fires"
          + " while the operator is down too.")
  private ThresholdTrigger threshold;

  @JsonPropertyDescription(
      "Upload the dump a JVM writes on OutOfMemoryError (-XX:+HeapDumpOnOutOfMemoryError with"
          + " HeapDumpPath in the dump volume). Write outOfMemory: {}.")
  private OutOfMemoryTrigger outOfMemory;

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public ScheduleTrigger getSchedule() {
    return schedule;
  }

  public void setSchedule(ScheduleTrigger schedule) {
    this.schedule = schedule;
  }

  public ThresholdTrigger getThreshold() {
    return threshold;
  }

  public void setThreshold(ThresholdTrigger threshold) {
    this.threshold = threshold;
  }

  public OutOfMemoryTrigger getOutOfMemory() {
    return outOfMemory;
  }

  public void setOutOfMemory(OutOfMemoryTrigger outOfMemory) {
    this.outOfMemory = outOfMemory;
  }
}
