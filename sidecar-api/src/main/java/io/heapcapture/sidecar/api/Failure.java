package io.heapcapture.sidecar.api;

/**
 * Why a capture failed.
 *
 * @param reason machine-readable code
 * @param message one short human sentence, no stack trace
 */
public record Failure(FailureReason reason, String message) {}
