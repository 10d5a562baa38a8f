package io.heapcapture.sidecar.memory;

/** An hsperfdata file that is not (or not yet) a readable PerfData region. */
final class PerfDataFormatException extends Exception {
  PerfDataFormatException(String message) {
    super(message);
  }
}
