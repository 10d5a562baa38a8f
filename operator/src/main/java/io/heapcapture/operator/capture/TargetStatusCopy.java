package io.heapcapture.operator.capture;

import io.fabric8.kubernetes.client.utils.Serialization;
import io.heapcapture.api.v1alpha1.TargetStatus;

/** A deep copy, so a pass never mutates the status it read from the cache. */
final class TargetStatusCopy {
  private TargetStatusCopy() {}

  static TargetStatus of(TargetStatus t) {
    return Serialization.clone(t);
  }
}
