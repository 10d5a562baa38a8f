package io.heapcapture.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * Captures on a cron schedule or at a fixed interval, optionally a number of times or until. After
 * the operator was down, at most one missed run fires (the latest, if at most an hour late).
 */
@ValidationRule(
    value = "has(self.cron) != has(self.every)",
    message =
        "exactly one of spec.triggers[].schedule.cron and spec.triggers[].schedule.every must be"
            + " set")
@ValidationRule(
    value = "!has(self.timeZone) || has(self.cron)",
    fieldPath = ".timeZone",
    message = "spec.triggers[].schedule.timeZone applies to cron only")
public class ScheduleTrigger {
  @Size(min = 9, max = 128)
  @Pattern("^\\S+( +\\S+){4}$")
  @JsonPropertyDescription(
      "Unix cron expression with five fields (minute hour day-of-month month day-of-week),"
          + " e.g. '0 2 * * *'.")
  private String cron;

  @Size(min = 1, max = 64)
  @Pattern("^[A-Za-z0-9_+-]+(/[A-Za-z0-9_+-]+)*$")
  @JsonPropertyDescription("IANA time zone of cron, e.g. Europe/Berlin. Defaults to UTC.")
  private String timeZone;

  @Size(max = 32)
  @Pattern("^([0-9]+[hms])+$")
  @JsonPropertyDescription(
      "Fixed interval, e.g. 10m or 1h30m; the first capture is taken when the policy is"
          + " created.")
  private String every;

  @Min(1)
  @JsonPropertyDescription(
      "How many captures this trigger takes in all. Absent: no limit. After the operator was"
          + " down, only the latest missed run fires, and only if it is at most an hour late.")
  private Integer count;

  @Size(max = 64)
  @Pattern(
      "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})$")
  @JsonPropertyDescription("No capture is scheduled after this time (RFC 3339).")
  private String until;

  public String getCron() {
    return cron;
  }

  public void setCron(String cron) {
    this.cron = cron;
  }

  public String getTimeZone() {
    return timeZone;
  }

  public void setTimeZone(String timeZone) {
    this.timeZone = timeZone;
  }

  public String getEvery() {
    return every;
  }

  public void setEvery(String every) {
    this.every = every;
  }

  public Integer getCount() {
    return count;
  }

  public void setCount(Integer count) {
    this.count = count;
  }

  public String getUntil() {
    return until;
  }

  public void setUntil(String until) {
    this.until = until;
  }
}
