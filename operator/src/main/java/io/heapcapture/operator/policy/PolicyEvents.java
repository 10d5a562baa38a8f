package io.heapcapture.operator.policy;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.heapcapture.api.v1alpha1.HeapCapturePolicy;
import io.heapcapture.operator.status.OnceEvents;
import java.time.Clock;

/**
 * Events on a policy: a capture it created, and a target container the kernel OOM-killed. Each is
 * named after what happened, so a repeated pass does not announce it twice; best effort.
 */
public class PolicyEvents {
  private final OnceEvents events;

  public PolicyEvents(KubernetesClient client, Clock clock) {
    this.events = new OnceEvents(client, clock);
  }

  /** A HeapCapture created by a trigger. */
  public void created(HeapCapturePolicy policy, String capture, String trigger) {
    emit(
        policy,
        "created/" + capture,
        "Normal",
        "CaptureCreated",
        "trigger " + trigger + " created HeapCapture " + capture);
  }

  /**
   * A container killed for exceeding its memory limit, with the hint that a container-memory
   * threshold dumps the heap before the kernel strikes.
   */
  public void oomKilled(HeapCapturePolicy policy, OomKills.Kill kill) {
    boolean watched =
        policy.getSpec().getTriggers().stream()
            .anyMatch(
                t ->
                    t.getThreshold() != null
                        && t.getThreshold().getContainerMemoryPercent() != null);
    String hint =
        watched
            ? "the containerMemoryPercent threshold did not fire in time: lower it, or shorten its"
                + " 'for'"
            : "a threshold trigger with containerMemoryPercent (e.g. 90) would have dumped the heap"
                + " before the kill";
    emit(
        policy,
        "oom/" + kill.pod() + "/" + kill.container() + "/" + kill.finishedAt(),
        "Warning",
        "OOMKilled",
        "container "
            + kill.container()
            + " of pod "
            + kill.pod()
            + " was OOMKilled at "
            + kill.finishedAt()
            + "; "
            + hint);
  }

  private void emit(
      HeapCapturePolicy about, String key, String type, String reason, String message) {
    events.emit(about, key, type, reason, message);
  }
}
