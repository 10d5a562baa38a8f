package io.heapcapture.sidecar.api;

import java.time.Duration;
import java.util.Objects;

/**
 * One threshold rule, evaluated by the sidecar about once a second.
 *
 * <p>It fires when {@code condition} has stayed above {@code above} for {@code holdFor}. After it
 * fires it stays quiet for {@code cooldown}; when {@code rearmBelow} is set it also waits until the
 * value has stayed below that lower mark for {@code rearmAfter} (hysteresis). At most {@code
 * maxCount} dumps are taken in any sliding {@code window} ({@code maxCount} 0: no such limit).
 *
 * @param name the trigger's name in the policy, also part of local capture ids
 */
public record Rule(
    String name,
    Condition condition,
    double above,
    Duration holdFor,
    Duration cooldown,
    Double rearmBelow,
    Duration rearmAfter,
    int maxCount,
    Duration window) {
  public Rule {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(condition, "condition");
    holdFor = holdFor == null ? Duration.ZERO : holdFor;
    cooldown = cooldown == null ? Duration.ZERO : cooldown;
    rearmAfter = rearmAfter == null ? Duration.ZERO : rearmAfter;
    window = window == null ? Duration.ZERO : window;
  }
}
