package io.heapcapture.e2e.pod;

/**
 * What a stand-in pod's sidecar is told, as the injection webhook tells a real one.
 *
 * @param clientCaPem {@code HEAPCAPTURE_CLIENT_CA}: the operator's sidecar CA certificate(s)
 * @param uploadEndpoints {@code HEAPCAPTURE_UPLOAD_ENDPOINTS}: the pinned object-store endpoints
 */
public record SidecarEnvironment(String clientCaPem, String uploadEndpoints) {}
