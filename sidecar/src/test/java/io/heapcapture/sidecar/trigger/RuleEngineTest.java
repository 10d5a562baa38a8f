package io.heapcapture.sidecar.trigger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.heapcapture.sidecar.CaptureException;
import io.heapcapture.sidecar.api.ArmedPolicy;
import io.heapcapture.sidecar.api.CaptureKind;
import io.heapcapture.sidecar.api.CaptureOrigin;
import io.heapcapture.sidecar.api.CapturePhase;
import io.heapcapture.sidecar.api.CaptureRequest;
import io.heapcapture.sidecar.api.CaptureState;
import io.heapcapture.sidecar.api.Condition;
import io.heapcapture.sidecar.api.FailureReason;
import io.heapcapture.sidecar.api.Rule;
import io.heapcapture.sidecar.api.RulePhase;
import io.heapcapture.sidecar.api.RuleSet;
import io.heapcapture.sidecar.api.RuleState;
import io.heapcapture.sidecar.capture.CaptureRegistry;
import io.heapcapture.sidecar.capture.DumpShelf;
import io.heapcapture.sidecar.capture.DumpTaker;
import io.heapcapture.sidecar.dump.HeapDump;
import io.heapcapture.sidecar.memory.MemoryProbe;
import io.heapcapture.sidecar.memory.Reading;
import io.heapcapture.sidecar.process.JvmOptions;
import io.heapcapture.sidecar.process.JvmProcess;
import io.heapcapture.sidecar.process.TargetProcess;
import io.heapcapture.sidecar.testing.TestClock;
import io.heapcapture.sidecar.upload.DumpUploader;
import io.heapcapture.sidecar.upload.UploadEndpoints;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine over a real registry and shelf; the process, its memory and the JVM's dump are fakes.
 * Dumps run on the calling thread, so a fired rule's capture is DUMPED when evaluate returns.
 */
class RuleEngineTest {
  private static final long PID = 4242;
  private static final Pattern RULE_ID = Pattern.compile("r-[0-9a-z]+-heap-high");

  @TempDir Path dumpDir;

  private final TestClock clock = new TestClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final FakeProbe probe = new FakeProbe();
  private final FakeJvm jvm = new FakeJvm();
  private CaptureRegistry registry;
  private long budgetBytes;
  private RuleEngine engine;

  @BeforeEach
  void setUp() {
    registry =
        new CaptureRegistry(
            jvm,
            new DumpUploader(),
            instruction -> null,
            UploadEndpoints.parse(""),
            Runnable::run,
            clock,
            new DumpShelf(dumpDir));
    engine = new RuleEngine(jvm, probe, registry, new DumpRoom(dumpDir, 0), clock);
  }

  @Test
  void aRuleThatHeldForItsDurationStartsALocalCaptureOfTheSelectedProcess() throws Exception {
    engine.arm(ruleSet(heapRule(80, 5)));
    probe.set(Condition.HEAP_USED_PERCENT, 91);

    tick(5);
    assertThat(registry.list()).isEmpty();
    tick(1);

    assertThat(registry.list()).hasSize(1);
    CaptureState capture = registry.list().get(0);
    assertThat(capture.id()).matches(RULE_ID);
    assertThat(capture.origin()).isEqualTo(CaptureOrigin.RULE);
    assertThat(capture.policy()).isEqualTo("leak-watch");
    assertThat(capture.rule()).isEqualTo("heap-high");
    assertThat(capture.kind()).isEqualTo(CaptureKind.HEAP_DUMP_ALL);
    assertThat(capture.pid()).isEqualTo(PID);
    assertThat(capture.phase()).isEqualTo(CapturePhase.DUMPED);
    assertThat(jvm.requests).extracting(CaptureRequest::commandPattern).containsOnly("app\\.jar");
    RuleState rule = onlyRule();
    assertThat(rule.fired()).isEqualTo(1);
    assertThat(rule.phase()).isEqualTo(RulePhase.COOLDOWN);
    assertThat(rule.lastFiredAt()).isEqualTo(capture.startedAt());
  }

  @Test
  void aValueHoveringAtTheMarkYieldsOneCaptureNotAStorm() throws Exception {
    engine.arm(ruleSet(heapRule(80, 2)));

    for (int second = 0; second < 900; second++) {
      probe.set(Condition.HEAP_USED_PERCENT, second % 3 == 0 ? 79.9 : 80.4);
      tick(1);
    }
    // The hold of 2 s only completes if the value stays up; make it so once.
    probe.set(Condition.HEAP_USED_PERCENT, 85);
    tick(900);

    assertThat(registry.list()).hasSize(1);
    assertThat(onlyRule().phase()).isEqualTo(RulePhase.WAITING_TO_REARM);
  }

  @Test
  void armingTheSameRulesAgainKeepsTheirStateAndAnEditReArms() throws Exception {
    RuleSet rules = ruleSet(heapRule(80, 0));
    engine.arm(rules);
    probe.set(Condition.HEAP_USED_PERCENT, 90);
    tick(1);
    assertThat(onlyRule().phase()).isEqualTo(RulePhase.COOLDOWN);

    ArmedPolicy again = engine.arm(rules);
    assertThat(again.rules().get(0).fired()).isEqualTo(1);
    tick(10);
    assertThat(registry.list()).hasSize(1);

    ArmedPolicy edited = engine.arm(ruleSet(heapRule(85, 2)));
    assertThat(edited.rules().get(0).fired()).isZero();
    assertThat(edited.rules().get(0).phase()).isEqualTo(RulePhase.HOLDING);
    tick(3);
    assertThat(registry.list()).hasSize(2);
  }

  @Test
  void aDisarmedPolicyNoLongerDumps() throws Exception {
    engine.arm(ruleSet(heapRule(80, 3)));
    probe.set(Condition.HEAP_USED_PERCENT, 90);
    tick(2);

    assertThat(engine.disarm("leak-watch")).isTrue();
    tick(10);

    assertThat(registry.list()).isEmpty();
    assertThat(engine.armed().policies()).isEmpty();
    assertThat(engine.disarm("leak-watch")).isFalse();
  }

  @Test
  void withoutAProcessEveryRuleIsUnavailableAndSaysWhy() throws Exception {
    jvm.noProcess = new CaptureException(FailureReason.NO_JVM_FOUND, "no JVM matches app\\.jar");

    ArmedPolicy armed = engine.arm(ruleSet(heapRule(80, 0)));

    assertThat(armed.rules().get(0).phase()).isEqualTo(RulePhase.UNAVAILABLE);
    assertThat(armed.rules().get(0).reason()).isEqualTo("no JVM matches app\\.jar");
  }

  @Test
  void aRuleThatWouldExceedTheDiskBudgetDoesNotDumpAndSaysWhy() throws Exception {
    engine = new RuleEngine(jvm, probe, registry, new DumpRoom(dumpDir, 100), clock);
    engine.arm(ruleSet(heapRule(80, 0)));
    registry.adopt(
        pendingDump("oom-1", 150), Files.write(dumpDir.resolve("oom-1.hprof"), new byte[150]));
    probe.set(Condition.HEAP_USED_PERCENT, 90);

    tick(3);

    assertThat(registry.list()).hasSize(1);
    RuleState rule = onlyRule();
    assertThat(rule.phase()).isEqualTo(RulePhase.HOLDING);
    assertThat(rule.fired()).isZero();
    assertThat(rule.reason()).contains("disk budget of 100 bytes");

    registry.discard("oom-1");
    tick(1);
    assertThat(registry.list()).hasSize(1);
    assertThat(onlyRule().fired()).isEqualTo(1);
  }

  @Test
  void aFailedDumpShowsInTheRulesState() throws Exception {
    jvm.dumpFailure = new CaptureException(FailureReason.DUMP_FAILED, "the JVM refused the dump");
    engine.arm(ruleSet(heapRule(80, 0)));
    probe.set(Condition.HEAP_USED_PERCENT, 90);

    tick(1);

    assertThat(onlyRule().fired()).isEqualTo(1);
    assertThat(onlyRule().reason()).isEqualTo("the last dump failed: the JVM refused the dump");
  }

  @Test
  void duplicateRuleNamesAreRefused() {
    assertThatThrownBy(() -> engine.arm(ruleSet(heapRule(80, 0), heapRule(90, 0))))
        .isInstanceOf(CaptureException.class)
        .extracting(e -> ((CaptureException) e).reason())
        .isEqualTo(FailureReason.BAD_REQUEST);
  }

  @Test
  void theOutOfMemoryPolicyIsTheFirstArmedPolicyThatAsksForIt() throws Exception {
    assertThat(engine.outOfMemoryPolicy()).isEmpty();
    engine.arm(
        new RuleSet(
            "b-oom", "u2", 1, "app", null, null, CaptureKind.HEAP_DUMP_ALL, List.of(), true));
    engine.arm(ruleSet(heapRule(80, 0)));

    assertThat(engine.outOfMemoryPolicy()).contains("b-oom");
  }

  private void tick(int seconds) {
    for (int second = 0; second < seconds; second++) {
      engine.evaluate();
      clock.advance(Duration.ofSeconds(1));
    }
  }

  private RuleState onlyRule() {
    return engine.armed().policies().get(0).rules().get(0);
  }

  private static Rule heapRule(double above, long holdSeconds) {
    return new Rule(
        "heap-high",
        Condition.HEAP_USED_PERCENT,
        above,
        Duration.ofSeconds(holdSeconds),
        Duration.ofSeconds(60),
        70.0,
        Duration.ofSeconds(30),
        3,
        Duration.ofHours(1));
  }

  private static RuleSet ruleSet(Rule... rules) {
    return new RuleSet(
        "leak-watch",
        "uid-1",
        1,
        "app",
        null,
        "app\\.jar",
        CaptureKind.HEAP_DUMP_ALL,
        List.of(rules),
        false);
  }

  private CaptureState pendingDump(String id, long bytes) {
    return new CaptureState(
        id,
        CapturePhase.DUMPED,
        PID,
        clock.instant(),
        clock.instant(),
        null,
        bytes,
        null,
        null,
        CaptureOrigin.OUT_OF_MEMORY,
        null,
        null,
        CaptureKind.HEAP_DUMP_ALL);
  }

  /** Values the test sets, per condition. */
  private static final class FakeProbe implements MemoryProbe {
    private final Map<Condition, Double> values = new ConcurrentHashMap<>();

    void set(Condition condition, double value) {
      values.put(condition, value);
    }

    @Override
    public Reading read(Condition condition, long pid) {
      Double value = pid == PID ? values.get(condition) : null;
      return value == null ? Reading.unavailable("no value set") : Reading.of(value);
    }
  }

  /** One JVM that writes a small file per dump. */
  private final class FakeJvm implements DumpTaker {
    final List<CaptureRequest> requests = new ArrayList<>();
    CaptureException noProcess;
    CaptureException dumpFailure;

    @Override
    public JvmProcess select(CaptureRequest request) throws CaptureException {
      requests.add(request);
      if (noProcess != null) {
        throw noProcess;
      }
      return new JvmProcess(
          PID, 1, 1000, 1000, "java -jar app.jar", 4, "", new JvmOptions(List.of()), dumpDir);
    }

    @Override
    public HeapDump dump(TargetProcess process, CaptureRequest request) throws CaptureException {
      if (dumpFailure != null) {
        throw dumpFailure;
      }
      try {
        Path file = Files.write(dumpDir.resolve(request.id() + ".hprof"), new byte[10]);
        return new HeapDump(file, 10, Duration.ofMillis(5));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
