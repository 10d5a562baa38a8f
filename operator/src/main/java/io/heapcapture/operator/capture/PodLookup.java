package io.heapcapture.operator.capture;

import io.heapcapture.api.v1alpha1.TargetSpec;
import java.util.List;
import java.util.Optional;

/** Reads target pods. The capture's namespace bounds every lookup. */
public interface PodLookup {
  /** Pods the target names: the one pod, or those matching the selector; not terminating. */
  List<TargetPod> matching(String namespace, TargetSpec target);

  Optional<TargetPod> byName(String namespace, String name);
}
