package io.heapcapture.operator.policy;

import io.heapcapture.api.v1alpha1.ScheduleStatus;
import io.heapcapture.api.v1alpha1.ScheduleTrigger;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Decides whether a schedule trigger is due, from its last scheduled time in the policy's status.
 *
 * <p>Catch-up rule: after the operator was down (or the policy suspended), at most one missed run
 * fires, the latest, and only if it is at most {@link #STARTING_DEADLINE} late; older misses are
 * skipped. Runs before the policy existed never fire. Because the last scheduled time (not the time
 * of the reconcile) is recorded, a retried pass computes the same run again and creates the same
 * HeapCapture name, so nothing fires twice.
 */
public final class TriggerSchedule {
  /** How late a missed run may still fire, like a CronJob's startingDeadlineSeconds. */
  public static final Duration STARTING_DEADLINE = Duration.ofHours(1);

  private final String trigger;
  private final Schedule times;
  private final Integer count;
  private final Instant until;
  private final Instant anchor;

  private TriggerSchedule(
      String trigger, Schedule times, Integer count, Instant until, Instant anchor) {
    this.trigger = trigger;
    this.times = times;
    this.count = count;
    this.until = until;
    this.anchor = anchor;
  }

  /**
   * @param created when the policy was created: the first run of {@code every}, and the earliest
   *     time any run may have
   */
  public static TriggerSchedule of(String trigger, ScheduleTrigger spec, Instant created)
      throws InvalidPolicyException {
    Schedule times =
        spec.getCron() != null
            ? Schedule.cron(spec.getCron(), spec.getTimeZone())
            : Schedule.every(Durations.parse(spec.getEvery(), Duration.ZERO), created);
    Instant until;
    try {
      until =
          spec.getUntil() == null
              ? null
              : java.time.OffsetDateTime.parse(spec.getUntil()).toInstant();
    } catch (DateTimeParseException e) {
      throw new InvalidPolicyException("until '" + spec.getUntil() + "' is not an RFC 3339 time");
    }
    return new TriggerSchedule(trigger, times, spec.getCount(), until, created);
  }

  public String trigger() {
    return trigger;
  }

  /** What to do now: the run to fire (if any) and the run after it. */
  public Decision decide(ScheduleStatus state, Instant now) {
    Instant last = lastOf(state);
    int fired = state == null || state.getFired() == null ? 0 : state.getFired();
    if (exhausted(fired)) {
      return new Decision(Optional.empty(), Optional.empty());
    }
    Optional<Instant> due =
        times
            .latestAtOrBefore(now)
            .filter(t -> !t.isBefore(anchor))
            .filter(t -> last == null || t.isAfter(last))
            .filter(t -> Duration.between(t, now).compareTo(STARTING_DEADLINE) <= 0)
            .filter(this::withinUntil);
    int firedAfter = fired + (due.isPresent() ? 1 : 0);
    Optional<Instant> next =
        exhausted(firedAfter)
            ? Optional.empty()
            : times.nextAfter(now).filter(t -> !t.isBefore(anchor)).filter(this::withinUntil);
    return new Decision(due, next);
  }

  private boolean exhausted(int fired) {
    return count != null && fired >= count;
  }

  private boolean withinUntil(Instant time) {
    return until == null || !time.isAfter(until);
  }

  private static Instant lastOf(ScheduleStatus state) {
    if (state == null || state.getLastScheduleTime() == null) {
      return null;
    }
    try {
      return Instant.parse(state.getLastScheduleTime());
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /**
   * @param due the scheduled time of the run to fire now
   * @param next the scheduled time of the following run; empty when the trigger is done
   */
  public record Decision(Optional<Instant> due, Optional<Instant> next) {}
}
