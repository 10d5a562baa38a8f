package io.heapcapture.sidecar.api;

/** What a threshold rule watches. Percentages are 0–100; sizes are bytes. */
public enum Condition {
  /** JVM heap used, as a percentage of the heap's maximum (hsperfdata). */
  HEAP_USED_PERCENT,
  /** JVM old generation occupancy right after the last collection, percent of its maximum. */
  OLD_GEN_AFTER_GC_PERCENT,
  /** Share of wall time the JVM spent in GC over the last sampling window, percent. */
  GC_TIME_PERCENT,
  /** The target container's working set (usage minus inactive file), percent of its limit. */
  CONTAINER_MEMORY_PERCENT,
  /** The target process's resident set size, bytes (any runtime; meant for Node.js). */
  PROCESS_RSS_BYTES
}
