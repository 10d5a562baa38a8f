package io.heapcapture.sidecar.api;

/** Who started a capture. */
public enum CaptureOrigin {
  /** The operator asked for it ({@code POST /v1/captures}). */
  OPERATOR,
  /** A rule the operator armed fired inside the sidecar. */
  RULE,
  /** The JVM wrote it itself on OutOfMemoryError ({@code -XX:+HeapDumpOnOutOfMemoryError}). */
  OUT_OF_MEMORY
}
