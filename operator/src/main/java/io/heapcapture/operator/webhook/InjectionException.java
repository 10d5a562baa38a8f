package io.heapcapture.operator.webhook;

/** The pod cannot be injected as it is; the message becomes the admission warning. */
public final class InjectionException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public InjectionException(String message) {
    super(message);
  }
}
