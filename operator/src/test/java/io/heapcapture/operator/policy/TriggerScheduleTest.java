package io.heapcapture.operator.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.heapcapture.api.v1alpha1.ScheduleStatus;
import io.heapcapture.api.v1alpha1.ScheduleTrigger;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TriggerScheduleTest {
  private static final Instant CREATED = Instant.parse("2026-03-27T12:00:00Z");

  @Test
  void nightlyCronFollowsTheTimeZoneAcrossTheSpringChange() throws Exception {
    // 04:00 in Berlin is 03:00Z in winter (CET) and 02:00Z from 29 March on (CEST).
    TriggerSchedule nightly =
        TriggerSchedule.of("nightly", cron("0 4 * * *", "Europe/Berlin"), CREATED);

    TriggerSchedule.Decision beforeFirst = nightly.decide(null, CREATED);
    assertThat(beforeFirst.due()).isEmpty();
    assertThat(beforeFirst.next()).contains(Instant.parse("2026-03-28T03:00:00Z"));

    TriggerSchedule.Decision first = nightly.decide(null, Instant.parse("2026-03-28T03:00:00Z"));
    assertThat(first.due()).contains(Instant.parse("2026-03-28T03:00:00Z"));
    assertThat(first.next()).contains(Instant.parse("2026-03-29T02:00:00Z"));

    TriggerSchedule.Decision second =
        nightly.decide(state("2026-03-28T03:00:00Z", 1), Instant.parse("2026-03-29T02:00:01Z"));
    assertThat(second.due()).contains(Instant.parse("2026-03-29T02:00:00Z"));
  }

  @Test
  void aRunIsNotRepeatedOnceRecorded() throws Exception {
    TriggerSchedule nightly =
        TriggerSchedule.of("nightly", cron("0 4 * * *", "Europe/Berlin"), CREATED);

    assertThat(
            nightly
                .decide(state("2026-03-28T03:00:00Z", 1), Instant.parse("2026-03-28T03:00:30Z"))
                .due())
        .isEmpty();
  }

  @Test
  void onlyTheLatestMissedRunFiresAfterADowntime() throws Exception {
    TriggerSchedule hourly = TriggerSchedule.of("hourly", cron("0 * * * *", null), CREATED);

    // Down from 13:00 to 15:20: 14:00 and 15:00 were missed; only 15:00 fires.
    TriggerSchedule.Decision after =
        hourly.decide(state("2026-03-27T13:00:00Z", 2), Instant.parse("2026-03-27T15:20:00Z"));

    assertThat(after.due()).contains(Instant.parse("2026-03-27T15:00:00Z"));
    assertThat(after.next()).contains(Instant.parse("2026-03-27T16:00:00Z"));
  }

  @Test
  void aMissedRunOlderThanTheStartingDeadlineIsSkipped() throws Exception {
    TriggerSchedule nightly = TriggerSchedule.of("nightly", cron("0 2 * * *", null), CREATED);

    TriggerSchedule.Decision late =
        nightly.decide(
            state("2026-03-28T02:00:00Z", 1),
            Instant.parse("2026-03-29T02:00:00Z")
                .plus(TriggerSchedule.STARTING_DEADLINE)
                .plusSeconds(1));

    assertThat(late.due()).isEmpty();
    assertThat(late.next()).contains(Instant.parse("2026-03-30T02:00:00Z"));
  }

  @Test
  void everyStartsAtCreationAndStopsAfterCount() throws Exception {
    TriggerSchedule twice = TriggerSchedule.of("twice", every("10m", 2, null), CREATED);

    TriggerSchedule.Decision first = twice.decide(null, CREATED.plusMillis(300));
    assertThat(first.due()).contains(CREATED);
    assertThat(first.next()).contains(CREATED.plus(Duration.ofMinutes(10)));

    TriggerSchedule.Decision waiting =
        twice.decide(state(CREATED.toString(), 1), CREATED.plusSeconds(5));
    assertThat(waiting.due()).isEmpty();

    TriggerSchedule.Decision second =
        twice.decide(state(CREATED.toString(), 1), CREATED.plus(Duration.ofMinutes(10)));
    assertThat(second.due()).contains(CREATED.plus(Duration.ofMinutes(10)));
    assertThat(second.next()).as("the count is reached with this run").isEmpty();

    TriggerSchedule.Decision done =
        twice.decide(
            state(CREATED.plus(Duration.ofMinutes(10)).toString(), 2),
            CREATED.plus(Duration.ofHours(5)));
    assertThat(done).isEqualTo(new TriggerSchedule.Decision(Optional.empty(), Optional.empty()));
  }

  @Test
  void nothingIsScheduledAfterUntil() throws Exception {
    TriggerSchedule bounded =
        TriggerSchedule.of("bounded", every("1h", null, "2026-03-27T13:30:00Z"), CREATED);

    TriggerSchedule.Decision atOne =
        bounded.decide(state(CREATED.toString(), 1), Instant.parse("2026-03-27T13:00:00Z"));
    assertThat(atOne.due()).contains(Instant.parse("2026-03-27T13:00:00Z"));
    assertThat(atOne.next()).isEmpty();

    assertThat(
            bounded
                .decide(state("2026-03-27T13:00:00Z", 2), Instant.parse("2026-03-27T14:00:00Z"))
                .due())
        .isEmpty();
  }

  @Test
  void badCronOrZoneIsAnInvalidPolicy() {
    assertThatThrownBy(() -> TriggerSchedule.of("x", cron("0 25 * * *", null), CREATED))
        .isInstanceOf(InvalidPolicyException.class)
        .hasMessageContaining("0 25 * * *");
    assertThatThrownBy(() -> TriggerSchedule.of("x", cron("0 2 * * *", "Mars/Olympus"), CREATED))
        .isInstanceOf(InvalidPolicyException.class)
        .hasMessageContaining("Mars/Olympus");
  }

  private static ScheduleTrigger cron(String cron, String zone) {
    ScheduleTrigger schedule = new ScheduleTrigger();
    schedule.setCron(cron);
    schedule.setTimeZone(zone);
    return schedule;
  }

  private static ScheduleTrigger every(String every, Integer count, String until) {
    ScheduleTrigger schedule = new ScheduleTrigger();
    schedule.setEvery(every);
    schedule.setCount(count);
    schedule.setUntil(until);
    return schedule;
  }

  private static ScheduleStatus state(String last, int fired) {
    ScheduleStatus state = new ScheduleStatus();
    state.setLastScheduleTime(last);
    state.setFired(fired);
    return state;
  }
}
