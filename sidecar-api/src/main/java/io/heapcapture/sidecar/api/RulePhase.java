package io.heapcapture.sidecar.api;

/** Where one armed rule stands. */
public enum RulePhase {
  /** Watching; the condition does not hold. */
  ARMED,
  /** The condition holds, for less than the rule's holdFor so far. */
  HOLDING,
  /** It fired; quiet until the cooldown ends. */
  COOLDOWN,
  /** Cooldown over, waiting for the value to stay below the re-arm mark (hysteresis). */
  WAITING_TO_REARM,
  /** The rule's maximum count for its sliding window is used up. */
  WINDOW_FULL,
  /**
   * The value cannot be read (no target process, hsperfdata off, no memory limit...): see reason.
   */
  UNAVAILABLE
}
