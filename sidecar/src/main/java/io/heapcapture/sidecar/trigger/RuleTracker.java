package io.heapcapture.sidecar.trigger;

import io.heapcapture.sidecar.api.Rule;
import io.heapcapture.sidecar.api.RulePhase;
import io.heapcapture.sidecar.api.RuleState;
import io.heapcapture.sidecar.memory.Reading;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Where one armed rule stands, fed one reading about once a second. Pure logic over the times it is
 * given: the controls of {@link Rule} (holdFor, cooldown, hysteresis, maximum count per sliding
 * window) decide when {@link #observe} says "dump now"; the caller reports back with {@link #fired}
 * or {@link #held}.
 */
final class RuleTracker {
  private final Rule rule;
  private final Deque<Instant> firings = new ArrayDeque<>();
  private RulePhase phase = RulePhase.ARMED;
  private Double value;
  private String reason;
  private int fired;
  private Instant lastFiredAt;
  private Instant holdingSince;
  private Instant quietUntil;
  private boolean awaitingRearm;
  private Instant belowSince;

  RuleTracker(Rule rule) {
    this.rule = rule;
  }

  Rule rule() {
    return rule;
  }

  /** Takes one reading at {@code now}; true when the rule should dump now. */
  boolean observe(Reading reading, Instant now) {
    value = reading.value();
    if (!reading.isAvailable()) {
      // Unknown is not "still above" nor "still below": both streaks start again.
      holdingSince = null;
      belowSince = null;
      return settle(RulePhase.UNAVAILABLE, reading.unavailableReason());
    }
    double current = reading.value();
    if (awaitingRearm) {
      watchRearm(current, now);
    }
    if (quietUntil != null && now.isBefore(quietUntil)) {
      holdingSince = null;
      return settle(RulePhase.COOLDOWN, "quiet after a dump until " + quietUntil);
    }
    if (awaitingRearm) {
      holdingSince = null;
      return settle(
          RulePhase.WAITING_TO_REARM,
          "re-arms once the value stays below " + rule.rearmBelow() + " for " + rule.rearmAfter());
    }
    Instant windowOpens = windowOpensAgain(now);
    if (windowOpens != null) {
      holdingSince = null;
      return settle(
          RulePhase.WINDOW_FULL,
          rule.maxCount()
              + " dump(s) already taken"
              + (rule.window().isZero()
                  ? ""
                  : " in " + rule.window() + "; next after " + windowOpens));
    }
    if (current <= rule.above()) {
      holdingSince = null;
      return settle(RulePhase.ARMED, null);
    }
    if (holdingSince == null) {
      holdingSince = now;
    }
    settle(RulePhase.HOLDING, null);
    return !Duration.between(holdingSince, now).minus(rule.holdFor()).isNegative();
  }

  /** The dump this rule asked for has started. */
  void fired(Instant now) {
    fired++;
    lastFiredAt = now;
    if (rule.maxCount() > 0) {
      firings.addLast(now);
    }
    holdingSince = null;
    quietUntil = now.plus(rule.cooldown());
    awaitingRearm = rule.rearmBelow() != null;
    belowSince = null;
    reason = null;
    phase = rule.cooldown().isZero() ? RulePhase.ARMED : RulePhase.COOLDOWN;
    if (awaitingRearm && rule.cooldown().isZero()) {
      phase = RulePhase.WAITING_TO_REARM;
    }
  }

  /** The rule would fire but may not, for {@code why}: it keeps holding and says so. */
  void held(String why) {
    reason = why;
  }

  RuleState state() {
    return new RuleState(rule.name(), phase, value, reason, fired, lastFiredAt);
  }

  private void watchRearm(double current, Instant now) {
    if (current >= rule.rearmBelow()) {
      belowSince = null;
      return;
    }
    if (belowSince == null) {
      belowSince = now;
    }
    // The value may stay low through the cooldown: that time counts towards re-arming.
    if (!Duration.between(belowSince, now).minus(rule.rearmAfter()).isNegative()) {
      awaitingRearm = false;
      belowSince = null;
    }
  }

  /** When the sliding window has room again, or null when it has room now. */
  private Instant windowOpensAgain(Instant now) {
    if (rule.maxCount() <= 0) {
      return null;
    }
    if (!rule.window().isZero()) {
      while (!firings.isEmpty() && !firings.peekFirst().plus(rule.window()).isAfter(now)) {
        firings.removeFirst();
      }
    }
    if (firings.size() < rule.maxCount()) {
      return null;
    }
    // Zero window: the limit counts every dump since the rule was armed.
    return rule.window().isZero() ? Instant.MAX : firings.peekFirst().plus(rule.window());
  }

  private boolean settle(RulePhase next, String why) {
    phase = next;
    reason = why;
    return false;
  }
}
