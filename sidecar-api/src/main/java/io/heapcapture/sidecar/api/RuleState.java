package io.heapcapture.sidecar.api;

import java.time.Instant;

/**
 * The sidecar's account of one armed rule.
 *
 * @param value the last value read, in the condition's unit; null when unavailable
 * @param reason why the rule is {@link RulePhase#UNAVAILABLE} or quiet, for people
 * @param fired how many dumps it has taken since it was armed
 */
public record RuleState(
    String name, RulePhase phase, Double value, String reason, int fired, Instant lastFiredAt) {}
