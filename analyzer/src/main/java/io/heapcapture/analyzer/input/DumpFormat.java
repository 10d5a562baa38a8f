package io.heapcapture.analyzer.input;

/** The kind of heap dump a file holds, as detected from its (decompressed) content. */
public enum DumpFormat {
  /** A JVM heap dump: binary HPROF, header {@code JAVA PROFILE 1.0.x}. */
  HPROF,
  /** A V8 (Node.js) {@code .heapsnapshot}: a JSON object whose first key is {@code snapshot}. */
  V8_HEAP_SNAPSHOT
}
