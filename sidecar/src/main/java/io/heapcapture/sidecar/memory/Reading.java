package io.heapcapture.sidecar.memory;

/**
 * One reading of a {@link io.heapcapture.sidecar.api.Condition} for one process: a value, or the
 * reason there is none (hsperfdata turned off, no memory limit, process gone...).
 */
public record Reading(Double value, String unavailableReason) {
  public static Reading of(double value) {
    return new Reading(value, null);
  }

  public static Reading unavailable(String reason) {
    return new Reading(null, reason);
  }

  public boolean isAvailable() {
    return value != null;
  }
}
