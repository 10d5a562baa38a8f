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

  /** Unauthenticated liveness and readiness. */
  public static final String HEALTH = "/healthz";

  private SidecarApi() {}

  public static String capturePath(String id) {
    return CAPTURES + "/" + id;
  }

  public static String uploadPath(String id) {
    return capturePath(id) + "/" + UPLOAD;
  }
}
