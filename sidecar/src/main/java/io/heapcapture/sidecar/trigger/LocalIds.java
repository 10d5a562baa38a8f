package io.heapcapture.sidecar.trigger;

import java.time.Instant;

/**
 * Ids of the captures the sidecar takes by itself. The time in base 36 keeps them unique across
 * restarts of the sidecar, and the whole id stays a safe file name of at most 63 characters.
 */
final class LocalIds {
  private static final int MAX_LENGTH = 63;

  private LocalIds() {}

  /** {@code r-<epochMillis base36>-<rule name, truncated>}. */
  static String ruleDump(Instant at, String rule) {
    String prefix = "r-" + Long.toString(at.toEpochMilli(), 36) + "-";
    String name = rule.replaceAll("[^A-Za-z0-9._-]", "-");
    return prefix + name.substring(0, Math.min(name.length(), MAX_LENGTH - prefix.length()));
  }

  /** {@code oom-<epochMillis base36>}. */
  static String outOfMemoryDump(Instant at) {
    return "oom-" + Long.toString(at.toEpochMilli(), 36);
  }
}
