package io.heapcapture.operator.policy;

import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.heapcapture.api.v1alpha1.OomKill;
import io.heapcapture.operator.capture.TargetPod;
import io.heapcapture.sidecar.api.SidecarApi;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Notices containers of target pods that the kernel killed for exceeding their memory limit: a
 * container's last termination with reason OOMKilled, told apart from the previous one by when it
 * ended. Only the last termination is visible in a pod's status, so kills closer together than two
 * passes count once.
 */
public final class OomKills {
  static final String OOM_KILLED = "OOMKilled";
  static final int MAX_ENTRIES = 50;

  private OomKills() {}

  /** A kill not seen before. */
  public record Kill(String pod, String container, String finishedAt) {}

  /** The updated status list, and the kills that are new since {@code before}. */
  public record Observation(List<OomKill> status, List<Kill> fresh) {}

  public static Observation observe(List<TargetPod> pods, List<OomKill> before) {
    List<OomKill> status = new ArrayList<>();
    for (OomKill kill : before) {
      status.add(copy(kill));
    }
    List<Kill> fresh = new ArrayList<>();
    for (TargetPod pod : pods) {
      if (pod.pod().getStatus() == null || pod.pod().getStatus().getContainerStatuses() == null) {
        continue;
      }
      for (ContainerStatus container : pod.pod().getStatus().getContainerStatuses()) {
        ContainerStateTerminated last =
            container.getLastState() == null ? null : container.getLastState().getTerminated();
        if (last == null
            || !OOM_KILLED.equals(last.getReason())
            || SidecarApi.CONTAINER_NAME.equals(container.getName())) {
          continue;
        }
        String at = Objects.requireNonNullElse(last.getFinishedAt(), "unknown");
        OomKill entry = find(status, pod.name(), container.getName());
        if (entry == null) {
          entry = new OomKill();
          entry.setPod(pod.name());
          entry.setContainer(container.getName());
          entry.setCount(0);
          status.add(entry);
        } else if (at.equals(entry.getLastAt())) {
          continue;
        }
        entry.setCount(entry.getCount() == null ? 1 : entry.getCount() + 1);
        entry.setLastAt(at);
        fresh.add(new Kill(pod.name(), container.getName(), at));
      }
    }
    // The newest entries stay when the list is full.
    List<OomKill> bounded =
        status.stream()
            .sorted(
                Comparator.comparing((OomKill k) -> Objects.requireNonNullElse(k.getLastAt(), ""))
                    .reversed())
            .limit(MAX_ENTRIES)
            .sorted(Comparator.comparing(OomKill::getPod).thenComparing(OomKill::getContainer))
            .toList();
    return new Observation(new ArrayList<>(bounded), fresh);
  }

  private static OomKill find(List<OomKill> kills, String pod, String container) {
    return kills.stream()
        .filter(k -> pod.equals(k.getPod()) && container.equals(k.getContainer()))
        .findFirst()
        .orElse(null);
  }

  private static OomKill copy(OomKill kill) {
    OomKill copy = new OomKill();
    copy.setPod(kill.getPod());
    copy.setContainer(kill.getContainer());
    copy.setCount(kill.getCount());
    copy.setLastAt(kill.getLastAt());
    return copy;
  }
}
