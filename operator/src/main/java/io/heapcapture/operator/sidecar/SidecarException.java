package io.heapcapture.operator.sidecar;

import io.heapcapture.sidecar.api.FailureReason;
import java.util.Optional;

/** The sidecar could not be reached, or refused a request. */
public class SidecarException extends Exception {
  /** How the call failed. */
  public enum Kind {
    /** No answer: connection refused, reset or timed out. Worth retrying. */
    UNREACHABLE,
    /** The sidecar refused our client certificate. */
    UNAUTHORIZED,
    /** The sidecar does not know the capture (e.g. it restarted and lost its state). */
    NOT_FOUND,
    /** The sidecar refused the request as invalid. */
    REJECTED
  }

  private final Kind kind;
  private final FailureReason sidecarReason;

  public SidecarException(Kind kind, String message, Throwable cause) {
    this(kind, message, null, cause);
  }

  /** {@code sidecarReason}: the reason the sidecar gave in its answer, or null. */
  public SidecarException(Kind kind, String message, FailureReason sidecarReason, Throwable cause) {
    super(message, cause);
    this.kind = kind;
    this.sidecarReason = sidecarReason;
  }

  /** The sidecar's own reason for a refusal, when it gave one. */
  public Optional<FailureReason> sidecarReason() {
    return Optional.ofNullable(sidecarReason);
  }

  public Kind kind() {
    return kind;
  }
}
