package io.heapcapture.operator.policy;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses the policy's durations: {@code 90s}, {@code 10m}, {@code 1h30m}, as the CRD allows. */
public final class Durations {
  private static final Pattern WHOLE = Pattern.compile("^([0-9]+[hms])+$");
  private static final Pattern PART = Pattern.compile("([0-9]+)([hms])");

  private Durations() {}

  /** The duration, or {@code fallback} when {@code text} is absent. */
  public static Duration parse(String text, Duration fallback) throws InvalidPolicyException {
    if (text == null || text.isEmpty()) {
      return fallback;
    }
    if (!WHOLE.matcher(text).matches()) {
      throw new InvalidPolicyException("'" + text + "' is not a duration like 90s, 10m or 1h30m");
    }
    Duration total = Duration.ZERO;
    Matcher part = PART.matcher(text);
    try {
      while (part.find()) {
        long amount = Long.parseLong(part.group(1));
        total =
            total.plus(
                switch (part.group(2)) {
                  case "h" -> Duration.ofHours(amount);
                  case "m" -> Duration.ofMinutes(amount);
                  default -> Duration.ofSeconds(amount);
                });
      }
    } catch (ArithmeticException | NumberFormatException e) {
      throw new InvalidPolicyException("'" + text + "' is too long a duration");
    }
    return total;
  }
}
