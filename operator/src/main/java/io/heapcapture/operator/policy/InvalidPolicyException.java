package io.heapcapture.operator.policy;

/** A policy the schema let through but the operator cannot run, e.g. a cron it cannot parse. */
public final class InvalidPolicyException extends Exception {
  public InvalidPolicyException(String message) {
    super(message);
  }
}
