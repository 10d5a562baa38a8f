package io.heapcapture.operator.policy;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Optional;

/** The times a schedule trigger names, without count or end: a cron or a fixed interval. */
public sealed interface Schedule {
  CronParser UNIX = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

  /** The latest scheduled time at or before {@code now}, if there is one. */
  Optional<Instant> latestAtOrBefore(Instant now);

  /** The first scheduled time strictly after {@code time}. */
  Optional<Instant> nextAfter(Instant time);

  /** A Unix cron (five fields) in a time zone; UTC when the zone is absent. */
  static Schedule cron(String expression, String timeZone) throws InvalidPolicyException {
    ZoneId zone;
    try {
      zone = timeZone == null ? ZoneOffset.UTC : ZoneId.of(timeZone);
    } catch (DateTimeException e) {
      throw new InvalidPolicyException("unknown time zone '" + timeZone + "'");
    }
    try {
      return new Cron(ExecutionTime.forCron(UNIX.parse(expression).validate()), zone);
    } catch (IllegalArgumentException e) {
      throw new InvalidPolicyException("cron '" + expression + "': " + e.getMessage());
    }
  }

  /** Every {@code every} from {@code anchor} on, the anchor included. */
  static Schedule every(Duration every, Instant anchor) throws InvalidPolicyException {
    if (every.compareTo(Duration.ofSeconds(1)) < 0) {
      throw new InvalidPolicyException("every must be at least 1s");
    }
    return new Interval(every, anchor);
  }

  /** Cron times in a zone: daylight-saving changes move them in UTC, not on the wall clock. */
  record Cron(ExecutionTime times, ZoneId zone) implements Schedule {
    @Override
    public Optional<Instant> latestAtOrBefore(Instant now) {
      // lastExecution answers strictly before its argument; a run due exactly now counts.
      Optional<ZonedDateTime> last = times.lastExecution(now.plusSeconds(1).atZone(zone));
      if (last.isPresent() && last.get().toInstant().isAfter(now)) {
        last = times.lastExecution(last.get());
      }
      return last.map(ZonedDateTime::toInstant);
    }

    @Override
    public Optional<Instant> nextAfter(Instant time) {
      return times.nextExecution(time.atZone(zone)).map(ZonedDateTime::toInstant);
    }
  }

  /** Fixed steps from an anchor (the policy's creation), so restarts keep the same times. */
  record Interval(Duration every, Instant anchor) implements Schedule {
    @Override
    public Optional<Instant> latestAtOrBefore(Instant now) {
      if (now.isBefore(anchor)) {
        return Optional.empty();
      }
      long steps = Duration.between(anchor, now).toMillis() / every.toMillis();
      return Optional.of(anchor.plus(every.multipliedBy(steps)));
    }

    @Override
    public Optional<Instant> nextAfter(Instant time) {
      if (time.isBefore(anchor)) {
        return Optional.of(anchor);
      }
      long steps = Duration.between(anchor, time).toMillis() / every.toMillis() + 1;
      return Optional.of(anchor.plus(every.multipliedBy(steps)));
    }
  }
}
