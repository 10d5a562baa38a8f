package io.heapcapture.sidecar;

import io.heapcapture.sidecar.api.Failure;
import io.heapcapture.sidecar.api.FailureReason;
import java.util.Objects;

/** An expected capture failure: a stable reason plus one short sentence for humans. */
public class CaptureException extends Exception {
  private final FailureReason reason;

  /** A failure with its reason and a short message (no stack trace, no multi-line output). */
  public CaptureException(FailureReason reason, String message) {
    super(message);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  /** As {@link #CaptureException(FailureReason, String)}, keeping the cause for the log. */
  public CaptureException(FailureReason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  /** Why the capture failed. */
  public FailureReason reason() {
    return reason;
  }

  /** This failure as the wire contract reports it. */
  public Failure failure() {
    return new Failure(reason, getMessage());
  }
}
