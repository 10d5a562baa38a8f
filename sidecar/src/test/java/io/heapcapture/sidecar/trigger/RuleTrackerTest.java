package io.heapcapture.sidecar.trigger;

import static org.assertj.core.api.Assertions.assertThat;

import io.heapcapture.sidecar.api.Condition;
import io.heapcapture.sidecar.api.Rule;
import io.heapcapture.sidecar.api.RulePhase;
import io.heapcapture.sidecar.memory.Reading;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** One rule fed a second-by-second series of values, as the engine feeds it. */
class RuleTrackerTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private Instant now = T0;
  private int dumps;

  @Test
  void firesOnceTheValueHeldAboveTheMarkForHoldFor() {
    RuleTracker rule = tracker(rule(80, 5, 0, null, 0, 0, 0));

    assertThat(feed(rule, 70)).isFalse();
    assertThat(rule.state().phase()).isEqualTo(RulePhase.ARMED);
    for (int second = 0; second < 5; second++) {
      assertThat(feed(rule, 85)).as("second %d", second).isFalse();
      assertThat(rule.state().phase()).isEqualTo(RulePhase.HOLDING);
    }
    assertThat(feed(rule, 85)).as("held for 5 s").isTrue();
    assertThat(rule.state().value()).isEqualTo(85.0);
  }

  @Test
  void aDipBelowTheMarkStartsTheHoldAgain() {
    RuleTracker rule = tracker(rule(80, 3, 0, null, 0, 0, 0));

    feedFor(rule, 85, 3);
    assertThat(feed(rule, 79)).isFalse();
    assertThat(rule.state().phase()).isEqualTo(RulePhase.ARMED);
    assertThat(feedFor(rule, 85, 3)).isZero();
    assertThat(feed(rule, 85)).isTrue();
  }

  @Test
  void theValueMustBeAboveTheMarkNotAtIt() {
    RuleTracker rule = tracker(rule(80, 0, 0, null, 0, 0, 0));

    assertThat(feed(rule, 80)).isFalse();
    assertThat(feed(rule, 80.01)).isTrue();
  }

  @Test
  void aValueHoveringAtTheMarkDumpsOnceWithHysteresis() {
    RuleTracker rule = tracker(rule(80, 2, 60, 70.0, 30, 0, 0));

    // An hour of a value that swings around the mark, never below the re-arm mark.
    for (int second = 0; second < 3600; second++) {
      double value = second % 2 == 0 ? 79.5 : 80.5;
      value = second % 7 < 4 ? 81 : value;
      fireIfDue(rule, value);
    }

    assertThat(dumps).isEqualTo(1);
    assertThat(rule.state().phase()).isIn(RulePhase.WAITING_TO_REARM);
    assertThat(rule.state().reason()).contains("below 70.0");
    assertThat(rule.state().fired()).isEqualTo(1);
  }

  @Test
  void withoutHysteresisTheCooldownAloneSpacesTheDumps() {
    RuleTracker rule = tracker(rule(80, 0, 60, null, 0, 0, 0));

    for (int second = 0; second < 600; second++) {
      fireIfDue(rule, 90);
    }

    // At 0, 60, 120 ... 540 s.
    assertThat(dumps).isEqualTo(10);
  }

  @Test
  void theCooldownIsQuietAndSaysUntilWhen() {
    RuleTracker rule = tracker(rule(80, 0, 60, null, 0, 0, 0));

    fireIfDue(rule, 90);
    assertThat(feed(rule, 95)).isFalse();

    assertThat(rule.state().phase()).isEqualTo(RulePhase.COOLDOWN);
    assertThat(rule.state().reason()).contains(T0.plusSeconds(60).toString());
    assertThat(rule.state().lastFiredAt()).isEqualTo(T0);
  }

  @Test
  void reArmsOnlyAfterTheValueStayedBelowTheLowerMarkForRearmAfter() {
    RuleTracker rule = tracker(rule(80, 0, 10, 70.0, 30, 0, 0));

    fireIfDue(rule, 90);
    feedFor(rule, 60, 20); // below 70 for 20 s, through the cooldown
    feed(rule, 75); // not below: the 30 s start again
    assertThat(feedFor(rule, 60, 30)).isZero(); // first to last reading: 29 s
    assertThat(rule.state().phase()).isEqualTo(RulePhase.WAITING_TO_REARM);
    feed(rule, 60); // 30 s below now
    assertThat(rule.state().phase()).isEqualTo(RulePhase.ARMED);

    fireIfDue(rule, 90);
    assertThat(dumps).isEqualTo(2);
  }

  @Test
  void theSlidingWindowCapsTheCountAndOpensAgain() {
    RuleTracker rule = tracker(rule(80, 0, 0, null, 0, 2, 600));

    for (int second = 0; second < 600; second++) {
      fireIfDue(rule, 90);
    }
    assertThat(dumps).isEqualTo(2);
    assertThat(rule.state().phase()).isEqualTo(RulePhase.WINDOW_FULL);
    assertThat(rule.state().reason())
        .contains("2 dump(s)")
        .contains(T0.plusSeconds(600).toString());

    fireIfDue(rule, 90); // 600 s after the first dump: it left the window
    assertThat(dumps).isEqualTo(3);
  }

  @Test
  void aZeroWindowCountsEveryDumpSinceArming() {
    RuleTracker rule = tracker(rule(80, 0, 0, null, 0, 1, 0));

    for (int second = 0; second < 100; second++) {
      fireIfDue(rule, 90);
    }

    assertThat(dumps).isEqualTo(1);
    assertThat(rule.state().phase()).isEqualTo(RulePhase.WINDOW_FULL);
  }

  @Test
  void anUnavailableValueSaysWhyAndBreaksTheHold() {
    RuleTracker rule = tracker(rule(80, 3, 0, null, 0, 0, 0));

    feedFor(rule, 90, 3);
    assertThat(observe(rule, Reading.unavailable("hsperfdata is off"))).isFalse();
    assertThat(rule.state().phase()).isEqualTo(RulePhase.UNAVAILABLE);
    assertThat(rule.state().reason()).isEqualTo("hsperfdata is off");
    assertThat(rule.state().value()).isNull();

    assertThat(feedFor(rule, 90, 3)).isZero();
    assertThat(feed(rule, 90)).isTrue();
  }

  @Test
  void aHeldDumpKeepsHoldingAndSaysWhy() {
    RuleTracker rule = tracker(rule(80, 0, 0, null, 0, 0, 0));

    assertThat(feed(rule, 90)).isTrue();
    rule.held("no room");

    assertThat(rule.state().phase()).isEqualTo(RulePhase.HOLDING);
    assertThat(rule.state().reason()).isEqualTo("no room");
    assertThat(rule.state().fired()).isZero();
    assertThat(feed(rule, 90)).as("still due the next second").isTrue();
  }

  private static RuleTracker tracker(Rule rule) {
    return new RuleTracker(rule);
  }

  private static Rule rule(
      double above,
      long holdSeconds,
      long cooldownSeconds,
      Double rearmBelow,
      long rearmAfterSeconds,
      int maxCount,
      long windowSeconds) {
    return new Rule(
        "heap",
        Condition.HEAP_USED_PERCENT,
        above,
        Duration.ofSeconds(holdSeconds),
        Duration.ofSeconds(cooldownSeconds),
        rearmBelow,
        Duration.ofSeconds(rearmAfterSeconds),
        maxCount,
        Duration.ofSeconds(windowSeconds));
  }

  /** One reading at the current second; the clock then moves one second on. */
  private boolean feed(RuleTracker rule, double value) {
    return observe(rule, Reading.of(value));
  }

  private boolean observe(RuleTracker rule, Reading reading) {
    boolean due = rule.observe(reading, now);
    now = now.plusSeconds(1);
    return due;
  }

  /** Feeds the same value for {@code seconds}; returns how often the rule was due. */
  private int feedFor(RuleTracker rule, double value, int seconds) {
    int due = 0;
    for (int second = 0; second < seconds; second++) {
      due += feed(rule, value) ? 1 : 0;
    }
    return due;
  }

  /** As the engine does: a due rule fires at once. */
  private void fireIfDue(RuleTracker rule, double value) {
    Instant at = now;
    if (feed(rule, value)) {
      rule.fired(at);
      dumps++;
    }
  }
}
