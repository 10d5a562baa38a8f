package io.heapcapture.operator.sidecar;

/** The sidecar could not be reached, or refused a request. */
public class SidecarException extends Exception {
  /** How the call failed. */
  public enum Kind {
    /** No answer: connection refused, reset or timed out. Worth retrying. */
    UNREACHABLE,
    /** The sidecar refused our credential. */
    UNAUTHORIZED,
    /** The sidecar does not know the capture (e.g. it restarted and lost its state). */
    NOT_FOUND,
    /** The sidecar refused the request as invalid. */
    REJECTED
  }

  private final Kind kind;

  public SidecarException(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }
}
