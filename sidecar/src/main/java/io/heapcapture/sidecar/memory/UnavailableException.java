package io.heapcapture.sidecar.memory;

/** Why a condition has no value for a process right now; the message is shown to users. */
final class UnavailableException extends Exception {
  UnavailableException(String reason) {
    super(reason, null, false, false);
  }
}
