package io.heapcapture.operator.policy;

import io.heapcapture.api.v1alpha1.HeapCapture;
import io.heapcapture.api.v1alpha1.HeapCapturePolicy;
import io.heapcapture.api.v1alpha1.HeapCapturePolicyStatus;
import io.heapcapture.api.v1alpha1.LastCapture;
import io.heapcapture.api.v1alpha1.NextCapture;
import io.heapcapture.api.v1alpha1.PolicyTargetStatus;
import io.heapcapture.api.v1alpha1.PolicyTrigger;
import io.heapcapture.api.v1alpha1.ScheduleStatus;
import io.heapcapture.operator.capture.PodLookup;
import io.heapcapture.operator.capture.TargetPod;
import io.heapcapture.operator.sidecar.SidecarClient;
import io.heapcapture.operator.sidecar.SidecarException;
import io.heapcapture.sidecar.api.CaptureState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One pass over a policy: fire the schedule runs that are due, keep the target sidecars armed,
 * adopt the dumps they took by themselves, report OOM kills, and keep the history bounded. Returns
 * the status to write and when to look again; every step is safe to repeat.
 */
public final class PolicyRun {
  private static final Logger LOG = LoggerFactory.getLogger(PolicyRun.class);

  /** How often sidecars are polled for local dumps, and their rules checked. */
  public static final Duration POLL = Duration.ofSeconds(10);

  /** Without sidecar triggers, only OOM kills and history need a look now and then. */
  static final Duration SCHEDULE_ONLY_POLL = Duration.ofSeconds(60);

  private final PodLookup pods;
  private final SidecarClient sidecars;
  private final SidecarArming arming;
  private final PolicyCaptures captures;
  private final PolicyEvents events;
  private final PolicyConditions conditions;
  private final Clock clock;

  public PolicyRun(
      PodLookup pods,
      SidecarClient sidecars,
      PolicyCaptures captures,
      PolicyEvents events,
      Clock clock) {
    this.pods = pods;
    this.sidecars = sidecars;
    this.arming = new SidecarArming(sidecars);
    this.captures = captures;
    this.events = events;
    this.conditions = new PolicyConditions(clock);
    this.clock = clock;
  }

  /** The status after this pass, and when the next pass is due. */
  public record Outcome(HeapCapturePolicyStatus status, Optional<Duration> recheckAfter) {}

  /**
   * @param owned the HeapCaptures the policy owns, as the informer sees them
   */
  public Outcome advance(HeapCapturePolicy policy, List<HeapCapture> owned) {
    HeapCapturePolicyStatus before = policy.getStatus();
    long generation = RuleSets.generation(policy);
    HeapCapturePolicyStatus status = carryOver(before, generation);
    Instant now = clock.instant();

    List<TriggerSchedule> schedules;
    try {
      schedules = schedules(policy);
      for (PolicyTrigger trigger : policy.getSpec().getTriggers()) {
        if (trigger.getThreshold() != null) {
          RuleSets.rule(trigger.getName(), trigger.getThreshold());
        }
      }
    } catch (InvalidPolicyException e) {
      status.setNextCapture(null); // nothing is due while the spec is invalid
      conditions.ready(before, status, false, "InvalidSpec", e.getMessage(), generation);
      return new Outcome(status, Optional.empty());
    }
    List<TargetPod> targets = targetPods(policy);
    if (Boolean.TRUE.equals(policy.getSpec().getSuspend())) {
      status.setNextCapture(null); // nothing is due while suspended
      status.setTargets(disarmAll(policy, targets, before, "Suspended", "the policy is suspended"));
      conditions.ready(
          before,
          status,
          false,
          "Suspended",
          "spec.suspend is true: no schedule runs and the sidecars are disarmed",
          generation);
      return new Outcome(status, Optional.empty());
    }

    Optional<Instant> next = runSchedules(policy, schedules, status, now);
    boolean local = RuleSets.needsSidecar(policy);
    if (local) {
      status.setTargets(armAll(policy, targets));
      adopt(policy, targets, status);
    } else {
      status.setTargets(
          disarmAll(
              policy,
              targets,
              before,
              "ScheduleOnly",
              "only schedule triggers: the operator takes these captures, nothing to arm"));
    }
    OomKills.Observation kills = OomKills.observe(targets, status.getOomKills());
    status.setOomKills(kills.status());
    kills.fresh().forEach(k -> events.oomKilled(policy, k));
    enforceHistory(policy, owned);
    ready(policy, before, status, local, schedules.isEmpty(), next, generation);

    Duration poll = local ? POLL : SCHEDULE_ONLY_POLL;
    Duration wait =
        next.map(t -> Duration.between(clock.instant(), t))
            .map(d -> d.isNegative() ? Duration.ZERO : d)
            .filter(d -> d.compareTo(poll) < 0)
            .orElse(poll);
    return new Outcome(status, Optional.of(wait));
  }

  /** Disarms the policy's sidecars and lets unfinished captures outlive it. */
  public Cleanup cleanup(HeapCapturePolicy policy, List<HeapCapture> owned) {
    boolean unreachable = false;
    for (TargetPod pod : targetPods(policy)) {
      if (!pod.hasSidecar() || !pod.sidecarReady()) {
        continue;
      }
      try {
        arming.disarm(policy, pod);
      } catch (SidecarException e) {
        LOG.info(
            "policy {}: could not disarm the sidecar of {}: {}",
            policy.getMetadata().getName(),
            pod.name(),
            e.getMessage());
        unreachable |= e.kind() == SidecarException.Kind.UNREACHABLE;
      }
    }
    for (HeapCapture capture : owned) {
      if (!HistoryLimits.finished(capture)) {
        captures.release(capture, policy.getMetadata().getUid());
      }
    }
    return new Cleanup(unreachable);
  }

  /**
   * @param sidecarsUnreachable some target sidecar could not be told to disarm; worth a retry
   */
  public record Cleanup(boolean sidecarsUnreachable) {}

  private List<TriggerSchedule> schedules(HeapCapturePolicy policy) throws InvalidPolicyException {
    Instant created = createdAt(policy);
    List<TriggerSchedule> schedules = new ArrayList<>();
    for (PolicyTrigger trigger : policy.getSpec().getTriggers()) {
      if (trigger.getSchedule() != null) {
        try {
          schedules.add(TriggerSchedule.of(trigger.getName(), trigger.getSchedule(), created));
        } catch (InvalidPolicyException e) {
          throw new InvalidPolicyException("trigger " + trigger.getName() + ": " + e.getMessage());
        }
      }
    }
    return schedules;
  }

  /** Fires what is due; returns the earliest next run over all schedule triggers. */
  private Optional<Instant> runSchedules(
      HeapCapturePolicy policy,
      List<TriggerSchedule> schedules,
      HeapCapturePolicyStatus status,
      Instant now) {
    Optional<Instant> earliest = Optional.empty();
    String earliestTrigger = null;
    for (TriggerSchedule schedule : schedules) {
      ScheduleStatus state = scheduleState(status, schedule.trigger());
      TriggerSchedule.Decision decision = schedule.decide(state, now);
      if (decision.due().isPresent()) {
        Instant run = decision.due().get();
        HeapCapture capture = CaptureTemplate.scheduled(policy, schedule.trigger(), run);
        // Created now or by an earlier pass whose status write was lost: either way it is this
        // run's capture, and the status must count it.
        captures.create(capture);
        state.setLastScheduleTime(run.toString());
        state.setFired((state.getFired() == null ? 0 : state.getFired()) + 1);
        recordCreated(policy, status, capture, schedule.trigger());
      }
      if (decision.next().isPresent()
          && (earliest.isEmpty() || decision.next().get().isBefore(earliest.get()))) {
        earliest = decision.next();
        earliestTrigger = schedule.trigger();
      }
    }
    // A trigger removed from the spec, or turned into another kind, leaves nothing behind.
    Set<String> current =
        schedules.stream().map(TriggerSchedule::trigger).collect(Collectors.toSet());
    status.getSchedules().removeIf(s -> !current.contains(s.getTrigger()));
    if (earliest.isPresent()) {
      NextCapture next = new NextCapture();
      next.setTrigger(earliestTrigger);
      next.setTime(earliest.get().truncatedTo(ChronoUnit.SECONDS).toString());
      status.setNextCapture(next);
    } else {
      status.setNextCapture(null);
    }
    return earliest;
  }

  private List<PolicyTargetStatus> armAll(HeapCapturePolicy policy, List<TargetPod> targets) {
    List<PolicyTargetStatus> statuses = new ArrayList<>();
    for (TargetPod pod : targets) {
      try {
        statuses.add(arming.arm(policy, pod));
      } catch (InvalidPolicyException e) {
        // Validated at the start of the pass; a rule that fails here fails for every pod.
        statuses.add(SidecarArming.notArmed(pod, "InvalidSpec", e.getMessage()));
      }
    }
    return statuses;
  }

  /**
   * Removes rules the sidecars may still hold from an earlier generation or before suspend. A pod
   * already reported with this reason was checked before, so a steady schedule-only policy costs
   * its sidecars nothing.
   */
  private List<PolicyTargetStatus> disarmAll(
      HeapCapturePolicy policy,
      List<TargetPod> targets,
      HeapCapturePolicyStatus before,
      String reason,
      String message) {
    List<PolicyTargetStatus> statuses = new ArrayList<>();
    for (TargetPod pod : targets) {
      PolicyTargetStatus status = SidecarArming.notArmed(pod, reason, message);
      boolean checked =
          before != null
              && before.getTargets().stream()
                  .anyMatch(t -> pod.name().equals(t.getPod()) && reason.equals(t.getReason()));
      if (pod.hasSidecar() && !checked) {
        try {
          arming.disarmIfArmed(policy, pod);
        } catch (SidecarException e) {
          status.setMessage(message + "; could not check the sidecar: " + e.getMessage());
        }
      }
      statuses.add(status);
    }
    return statuses;
  }

  /** Creates a HeapCapture for every dump a reachable sidecar took for this policy. */
  private void adopt(
      HeapCapturePolicy policy, List<TargetPod> targets, HeapCapturePolicyStatus status) {
    Set<String> adopted = null;
    for (TargetPod pod : targets) {
      if (!pod.hasSidecar() || !pod.sidecarReady()) {
        continue;
      }
      List<CaptureState> held;
      try {
        held = sidecars.listCaptures(pod.sidecarEndpoint());
      } catch (SidecarException e) {
        continue; // the pod's target status already tells why
      }
      if (held.stream().noneMatch(CaptureState::isLocal)) {
        continue;
      }
      if (adopted == null) {
        adopted = adoptedIn(policy.getMetadata().getNamespace());
      }
      for (Adoptions.Adoption adoption : Adoptions.pending(policy, pod, held, adopted)) {
        HeapCapture capture =
            CaptureTemplate.adopting(policy, adoption.trigger(), pod, adoption.dump());
        if (captures.create(capture)) {
          recordCreated(policy, status, capture, adoption.trigger());
        }
        adopted.add(Adoptions.key(pod.uid(), adoption.dump().id()));
      }
    }
  }

  /** Every dump some HeapCapture of the namespace adopts, whichever policy created it. */
  private Set<String> adoptedIn(String namespace) {
    return captures.inNamespace(namespace).stream()
        .filter(c -> c.getSpec() != null && c.getSpec().getSource() != null)
        .map(
            c ->
                Adoptions.key(
                    c.getSpec().getSource().getPodUid(),
                    c.getSpec().getSource().getSidecarCapture()))
        .collect(Collectors.toCollection(HashSet::new));
  }

  private void enforceHistory(HeapCapturePolicy policy, List<HeapCapture> owned) {
    for (HeapCapture doomed :
        HistoryLimits.beyond(
            owned,
            orDefault(policy.getSpec().getSuccessfulCapturesHistoryLimit(), 5),
            orDefault(policy.getSpec().getFailedCapturesHistoryLimit(), 3))) {
      captures.delete(doomed);
    }
  }

  private void recordCreated(
      HeapCapturePolicy policy,
      HeapCapturePolicyStatus status,
      HeapCapture capture,
      String trigger) {
    status.setCapturesCreated(
        (status.getCapturesCreated() == null ? 0 : status.getCapturesCreated()) + 1);
    LastCapture last = new LastCapture();
    last.setName(capture.getMetadata().getName());
    last.setTrigger(trigger);
    last.setTime(clock.instant().truncatedTo(ChronoUnit.SECONDS).toString());
    status.setLastCapture(last);
    events.created(policy, capture.getMetadata().getName(), trigger);
  }

  private void ready(
      HeapCapturePolicy policy,
      HeapCapturePolicyStatus before,
      HeapCapturePolicyStatus status,
      boolean local,
      boolean noSchedules,
      Optional<Instant> next,
      long generation) {
    List<PolicyTargetStatus> targets = status.getTargets();
    String nextText =
        next.map(t -> "; next capture at " + status.getNextCapture().getTime()).orElse("");
    if (local && targets.isEmpty()) {
      conditions.ready(
          before,
          status,
          false,
          "NoTargets",
          "no pod matches spec.target, so no sidecar holds the threshold and outOfMemory"
              + " triggers"
              + nextText,
          generation);
      return;
    }
    List<PolicyTargetStatus> unarmed =
        targets.stream().filter(t -> !Boolean.TRUE.equals(t.getArmed())).toList();
    if (local && !unarmed.isEmpty()) {
      PolicyTargetStatus first = unarmed.get(0);
      conditions.ready(
          before,
          status,
          false,
          "NotArmed",
          "armed in "
              + (targets.size() - unarmed.size())
              + " of "
              + targets.size()
              + " pods; "
              + first.getPod()
              + ": "
              + first.getReason()
              + " ("
              + first.getMessage()
              + ")"
              + nextText,
          generation);
      return;
    }
    if (!local && next.isEmpty()) {
      conditions.ready(
          before,
          status,
          true,
          noSchedules ? "Active" : "Completed",
          noSchedules ? "nothing to schedule" : "every schedule has run its course",
          generation);
      return;
    }
    String armed = local ? "armed in " + targets.size() + " pods" : "schedules running";
    conditions.ready(before, status, true, "Active", armed + nextText, generation);
  }

  private List<TargetPod> targetPods(HeapCapturePolicy policy) {
    int max =
        orDefault(
            policy.getSpec().getLimits() == null
                ? null
                : policy.getSpec().getLimits().getMaxTargets(),
            10);
    return pods.matching(policy.getMetadata().getNamespace(), policy.getSpec().getTarget()).stream()
        .sorted(Comparator.comparing(TargetPod::name))
        .limit(max)
        .toList();
  }

  private static ScheduleStatus scheduleState(HeapCapturePolicyStatus status, String trigger) {
    for (ScheduleStatus state : status.getSchedules()) {
      if (trigger.equals(state.getTrigger())) {
        return state;
      }
    }
    ScheduleStatus state = new ScheduleStatus();
    state.setTrigger(trigger);
    state.setFired(0);
    status.getSchedules().add(state);
    return state;
  }

  /** A new status holding what the policy remembers between passes, copied: never the cache's. */
  private static HeapCapturePolicyStatus carryOver(
      HeapCapturePolicyStatus before, long generation) {
    HeapCapturePolicyStatus status = new HeapCapturePolicyStatus();
    status.setObservedGeneration(generation);
    status.setCapturesCreated(0L);
    if (before == null) {
      return status;
    }
    status.setCapturesCreated(
        before.getCapturesCreated() == null ? 0L : before.getCapturesCreated());
    status.setLastCapture(before.getLastCapture());
    status.setNextCapture(before.getNextCapture());
    status.setOomKills(new ArrayList<>(before.getOomKills()));
    for (ScheduleStatus old : before.getSchedules()) {
      ScheduleStatus copy = new ScheduleStatus();
      copy.setTrigger(old.getTrigger());
      copy.setLastScheduleTime(old.getLastScheduleTime());
      copy.setFired(old.getFired());
      status.getSchedules().add(copy);
    }
    return status;
  }

  private static Instant createdAt(HeapCapturePolicy policy) {
    String created = policy.getMetadata().getCreationTimestamp();
    return created == null ? Instant.EPOCH : Instant.parse(created);
  }

  private static int orDefault(Integer value, int fallback) {
    return value == null ? fallback : value;
  }
}
