package io.heapcapture.sidecar.api;

/** Paths, headers and defaults of the sidecar's HTTP API. */
public final class SidecarApi {
  /** Name of the sidecar container, and of its port, in a target pod. */
  public static final String CONTAINER_NAME = "heapcapture";

  /** Default TCP port of the sidecar's API. */
  public static final int DEFAULT_PORT = 8086;

  /** {@code POST} a {@link CaptureRequest}; {@code GET /{id}} a {@link CaptureState}. */
  public static final String CAPTURES = "/v1/captures";

  /** {@code POST /v1/captures/{id}/upload} an {@link UploadInstruction}. */
  public static final String UPLOAD = "upload";

  /**
   * {@code GET}: every capture the sidecar tracks, as a JSON array of {@link CaptureState},
   * including the ones it took by itself and keeps until the operator authorizes their upload.
   */
  public static final String CAPTURE_LIST = CAPTURES;

  /**
   * {@code PUT} a {@link RuleSet} (answer: {@link ArmedPolicy}); {@code GET} all, as {@link
   * ArmedRules}; {@code DELETE /v1/rules/{policy}} disarms one policy (204, or 404 if unknown).
   */
  public static final String RULES = "/v1/rules";

  /** Unauthenticated liveness and readiness. */
  public static final String HEALTH = "/healthz";

  private SidecarApi() {}

  public static String capturePath(String id) {
    return CAPTURES + "/" + id;
  }

  public static String rulesPath(String policy) {
    return RULES + "/" + policy;
  }

  public static String uploadPath(String id) {
    return capturePath(id) + "/" + UPLOAD;
  }
}
