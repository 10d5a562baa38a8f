package io.heapcapture.sidecar.trigger;

import io.heapcapture.sidecar.CaptureException;
import io.heapcapture.sidecar.api.ArmedPolicy;
import io.heapcapture.sidecar.api.ArmedRules;
import io.heapcapture.sidecar.api.CapturePhase;
import io.heapcapture.sidecar.api.CaptureRequest;
import io.heapcapture.sidecar.api.CaptureState;
import io.heapcapture.sidecar.api.FailureReason;
import io.heapcapture.sidecar.api.Rule;
import io.heapcapture.sidecar.api.RuleSet;
import io.heapcapture.sidecar.api.RuleState;
import io.heapcapture.sidecar.capture.CaptureRegistry;
import io.heapcapture.sidecar.capture.DumpTaker;
import io.heapcapture.sidecar.memory.MemoryProbe;
import io.heapcapture.sidecar.memory.Reading;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rules the operator armed, per policy, evaluated by {@link #evaluate} about once a second. A
 * rule that fires starts a local capture in the {@link CaptureRegistry}, which dumps in the
 * background: evaluation itself never waits for a dump.
 */
public final class RuleEngine {
  private static final Logger LOG = LoggerFactory.getLogger(RuleEngine.class);
  // Finding the process scans /proc: once in a while is enough, the readings come every second.
  // Selecting scans every process of the pod (about 15 ms of CPU on a busy host): keep the chosen
  // one while it lives, and look again now and then in case its pid was reused.
  private static final Duration RESELECT_AFTER = Duration.ofMinutes(5);

  private final DumpTaker processes;
  private final MemoryProbe probe;
  private final CaptureRegistry captures;
  private final DumpRoom room;
  private final Clock clock;
  private final Map<String, Armed> policies = new TreeMap<>();

  public RuleEngine(
      DumpTaker processes,
      MemoryProbe probe,
      CaptureRegistry captures,
      DumpRoom room,
      Clock clock) {
    this.processes = processes;
    this.probe = probe;
    this.captures = captures;
    this.room = room;
    this.clock = clock;
  }

  /**
   * Arms one policy's rules, replacing what it armed before. A rule that comes back unchanged from
   * the same policy keeps its state (cooldown, window, count): the operator may send the same rules
   * again and again. An edited rule starts afresh.
   */
  public synchronized ArmedPolicy arm(RuleSet rules) throws CaptureException {
    check(rules);
    Armed before = policies.get(rules.policy());
    Armed armed = new Armed(rules);
    for (Rule rule : rules.rules()) {
      RuleTracker kept =
          before != null && Objects.equals(before.rules.policyUid(), rules.policyUid())
              ? before.trackers.get(rule.name())
              : null;
      armed.trackers.put(
          rule.name(), kept != null && kept.rule().equals(rule) ? kept : new RuleTracker(rule));
      if (kept != null && kept.rule().equals(rule)) {
        armed.lastCapture.put(rule.name(), before.lastCapture.get(rule.name()));
      }
    }
    if (before != null && before.sameProcess(rules)) {
      armed.pid = before.pid;
      armed.selectedAt = before.selectedAt;
    }
    policies.put(rules.policy(), armed);
    if (before == null || !before.rules.equals(rules)) {
      LOG.info(
          "armed policy {} (generation {}): {} rule(s){}",
          rules.policy(),
          rules.generation(),
          rules.rules().size(),
          rules.outOfMemory() ? " and OutOfMemoryError dumps" : "");
      // New or edited rules answer with their first reading; the same rules again are left to the
      // loop, whose probe readings (GC time share) are deltas over its own period.
      evaluate(armed, clock.instant());
    }
    return report(armed);
  }

  private static void check(RuleSet rules) throws CaptureException {
    Set<String> names = new HashSet<>();
    for (Rule rule : rules.rules()) {
      if (!names.add(rule.name()) || rule.name().isBlank()) {
        throw new CaptureException(
            FailureReason.BAD_REQUEST, "rule names must be unique and not blank: " + rule.name());
      }
      if (Stream.of(rule.holdFor(), rule.cooldown(), rule.rearmAfter(), rule.window())
              .anyMatch(Duration::isNegative)
          || rule.maxCount() < 0) {
        throw new CaptureException(
            FailureReason.BAD_REQUEST, "rule " + rule.name() + " has a negative duration or count");
      }
    }
  }

  /** Disarms a policy; false when it was not armed. */
  public synchronized boolean disarm(String policy) {
    boolean known = policies.remove(policy) != null;
    if (known) {
      LOG.info("disarmed policy {}", policy);
    }
    return known;
  }

  public synchronized ArmedRules armed() {
    return new ArmedRules(policies.values().stream().map(this::report).toList());
  }

  /** The first armed policy that wants the JVM's OutOfMemoryError dumps, if any. */
  public synchronized Optional<String> outOfMemoryPolicy() {
    return policies.values().stream()
        .filter(armed -> armed.rules.outOfMemory())
        .map(armed -> armed.rules.policy())
        .findFirst();
  }

  /** Reads every armed rule's value once and fires the rules that are due. */
  public synchronized void evaluate() {
    Instant now = clock.instant();
    for (Armed armed : policies.values()) {
      evaluate(armed, now);
    }
  }

  private void evaluate(Armed armed, Instant now) {
    if (armed.trackers.isEmpty()) {
      return;
    }
    long pid;
    try {
      pid = armed.process(now);
    } catch (CaptureException e) {
      for (RuleTracker tracker : armed.trackers.values()) {
        tracker.observe(Reading.unavailable(e.getMessage()), now);
      }
      return;
    }
    for (RuleTracker tracker : armed.trackers.values()) {
      Reading reading;
      try {
        reading = probe.read(tracker.rule().condition(), pid);
      } catch (RuntimeException e) {
        LOG.warn("reading {} of pid {} failed", tracker.rule().condition(), pid, e);
        reading =
            Reading.unavailable("the value could not be read: " + e.getClass().getSimpleName());
      }
      if (tracker.observe(reading, now)) {
        fire(armed, tracker, pid, now);
      }
    }
  }

  private void fire(Armed armed, RuleTracker tracker, long pid, Instant now) {
    String name = tracker.rule().name();
    Optional<CaptureState> previous =
        Optional.ofNullable(armed.lastCapture.get(name)).flatMap(captures::state);
    if (previous.isPresent() && previous.get().phase() == CapturePhase.DUMPING) {
      tracker.held("the previous dump " + previous.get().id() + " is still being written");
      return;
    }
    RuleSet rules = armed.rules;
    CaptureRequest request =
        new CaptureRequest(
            LocalIds.ruleDump(now, name),
            rules.container(),
            rules.containerId(),
            rules.commandPattern(),
            rules.kind());
    try {
      room.require(captures.pendingBytes(), expectedBytes(pid));
      captures.startLocal(request, rules.policy(), name);
    } catch (CaptureException e) {
      LOG.warn("policy {} rule {}: no dump: {}", rules.policy(), name, e.getMessage());
      tracker.held("no dump: " + e.getMessage());
      return;
    }
    tracker.fired(now);
    armed.lastCapture.put(name, request.id());
    LOG.info(
        "policy {} rule {}: {} above {} for {}; capture {} started",
        rules.policy(),
        name,
        tracker.rule().condition(),
        tracker.rule().above(),
        tracker.rule().holdFor(),
        request.id());
  }

  /** About the size of the next dump of {@code pid}: its largest dump the sidecar still knows. */
  private long expectedBytes(long pid) {
    return captures.list().stream()
        .filter(state -> state.pid() != null && state.pid() == pid && state.rawBytes() != null)
        .mapToLong(CaptureState::rawBytes)
        .max()
        .orElse(0);
  }

  private ArmedPolicy report(Armed armed) {
    List<RuleState> states = new ArrayList<>();
    for (RuleTracker tracker : armed.trackers.values()) {
      RuleState state = tracker.state();
      Optional<CaptureState> last =
          Optional.ofNullable(armed.lastCapture.get(tracker.rule().name()))
              .flatMap(captures::state);
      if (state.reason() == null
          && last.isPresent()
          && last.get().phase() == CapturePhase.FAILED
          && last.get().failure() != null) {
        state =
            new RuleState(
                state.name(),
                state.phase(),
                state.value(),
                "the last dump failed: " + last.get().failure().message(),
                state.fired(),
                state.lastFiredAt());
      }
      states.add(state);
    }
    RuleSet rules = armed.rules;
    return new ArmedPolicy(
        rules.policy(), rules.policyUid(), rules.generation(), rules.outOfMemory(), states);
  }

  private static boolean alive(long pid) {
    return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }

  /** One armed policy: its rules, their trackers and the process they watch. */
  private final class Armed {
    final RuleSet rules;
    final Map<String, RuleTracker> trackers = new LinkedHashMap<>();
    final Map<String, String> lastCapture = new LinkedHashMap<>();
    Long pid;
    Instant selectedAt;

    Armed(RuleSet rules) {
      this.rules = rules;
    }

    boolean sameProcess(RuleSet other) {
      return Objects.equals(rules.container(), other.container())
          && Objects.equals(rules.containerId(), other.containerId())
          && Objects.equals(rules.commandPattern(), other.commandPattern())
          && rules.kind() == other.kind();
    }

    long process(Instant now) throws CaptureException {
      if (pid != null
          && Duration.between(selectedAt, now).compareTo(RESELECT_AFTER) < 0
          && alive(pid)) {
        return pid;
      }
      Long before = pid;
      try {
        pid =
            processes
                .select(
                    new CaptureRequest(
                        "rules-" + rules.policy(),
                        rules.container(),
                        rules.containerId(),
                        rules.commandPattern(),
                        rules.kind()))
                .pid();
        selectedAt = now;
      } catch (CaptureException e) {
        pid = null;
        throw e;
      } finally {
        if (before != null && !before.equals(pid)) {
          probe.forget(before);
        }
      }
      return pid;
    }
  }
}
