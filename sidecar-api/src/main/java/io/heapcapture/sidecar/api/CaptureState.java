package io.heapcapture.sidecar.api;

import java.time.Instant;

/**
 * The sidecar's account of one capture.
 *
 * @param id the capture id from the request
 * @param phase where it stands
 * @param pid the JVM's pid as the sidecar sees it (its pid namespace, which is the pod's)
 * @param startedAt when the dump command was sent
 * @param dumpedAt when the JVM finished writing
 * @param pauseMillis how long the JVM took to write the dump (stop-the-world), in ms
 * @param rawBytes size of the uncompressed HPROF file
 * @param upload the stored object, once uploaded
 * @param failure why it failed, when it did
 * @param origin who started it; null means {@link CaptureOrigin#OPERATOR}
 * @param policy for a capture the sidecar took by itself: the policy whose rule fired, or whose
 *     out-of-memory trigger covers it; null otherwise
 * @param rule the rule that fired, for {@link CaptureOrigin#RULE}
 * @param kind what was captured
 */
public record CaptureState(
    String id,
    CapturePhase phase,
    Long pid,
    Instant startedAt,
    Instant dumpedAt,
    Long pauseMillis,
    Long rawBytes,
    UploadResult upload,
    Failure failure,
    CaptureOrigin origin,
    String policy,
    String rule,
    CaptureKind kind) {

  /** A capture the operator asked for. */
  public CaptureState(
      String id,
      CapturePhase phase,
      Long pid,
      Instant startedAt,
      Instant dumpedAt,
      Long pauseMillis,
      Long rawBytes,
      UploadResult upload,
      Failure failure) {
    this(
        id,
        phase,
        pid,
        startedAt,
        dumpedAt,
        pauseMillis,
        rawBytes,
        upload,
        failure,
        CaptureOrigin.OPERATOR,
        null,
        null,
        null);
  }

  /** True when the sidecar took it by itself (a rule or the JVM's OutOfMemoryError). */
  @com.fasterxml.jackson.annotation.JsonIgnore
  public boolean isLocal() {
    return origin != null && origin != CaptureOrigin.OPERATOR;
  }
}
