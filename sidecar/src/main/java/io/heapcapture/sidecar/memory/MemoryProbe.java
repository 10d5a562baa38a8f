package io.heapcapture.sidecar.memory;

import io.heapcapture.sidecar.api.Condition;

/**
 * Reads a condition's current value for a process, as the sidecar sees it (pids of the pod's shared
 * pid namespace). Implementations may keep state between calls (GC time share and
 * old-generation-after-GC are deltas), so one instance serves one sidecar.
 */
public interface MemoryProbe {
  Reading read(Condition condition, long pid);

  /** Forgets what it kept for a process that is gone. */
  default void forget(long pid) {}
}
