package io.heapcapture.sidecar.api;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Why a capture failed, as a stable machine-readable code. The operator turns it into a status
 * reason and an Event; nobody matches on message text.
 */
public enum FailureReason {
  /** No JVM process is visible to the sidecar (or none matches the requested process). */
  NO_JVM_FOUND,
  /** Several JVMs match and the request did not say which one to take. */
  MULTIPLE_JVMS,
  /** The JVM runs with -XX:+DisableAttachMechanism, so it cannot be asked for a dump. */
  ATTACH_DISABLED,
  /** The JVM did not open its attach listener, or the connection to it failed. */
  ATTACH_FAILED,
  /** The dump volume has less free space than the heap may need. */
  INSUFFICIENT_DISK,
  /** The JVM answered the dump command with an error. */
  DUMP_FAILED,
  /** Compressing or uploading the dump failed. */
  UPLOAD_FAILED,
  /**
   * An upload URL points somewhere the sidecar was not pinned to ({@code
   * HEAPCAPTURE_UPLOAD_ENDPOINTS}); nothing was uploaded.
   */
  @JsonProperty("EndpointNotAllowed")
  ENDPOINT_NOT_ALLOWED,
  /** The request itself is invalid (unknown capture, upload asked before the dump, bad URLs). */
  BAD_REQUEST,
  /** A fault in the sidecar itself. */
  INTERNAL
}
