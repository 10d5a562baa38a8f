package io.heapcapture.sidecar.api;

import java.util.Objects;

/**
 * Asks the sidecar to take one capture. Idempotent by {@code id}: asking again with the same id
 * returns the capture that is already under way instead of starting a second one.
 *
 * @param id stable capture id chosen by the operator
 * @param container the application container's name, for reports
 * @param containerId the runtime's container id (without scheme), used to pick that container's
 *     processes when the sidecar can tell; may be null
 * @param commandPattern a regular expression that the JVM's command line must contain a match of;
 *     null means "the only JVM there is"
 * @param kind what to capture
 */
public record CaptureRequest(
    String id, String container, String containerId, String commandPattern, CaptureKind kind) {
  public CaptureRequest {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(kind, "kind");
  }
}
