package io.heapcapture.benchmarks.triggers;

import io.heapcapture.sidecar.api.ArmedRules;
import io.heapcapture.sidecar.api.CaptureKind;
import io.heapcapture.sidecar.api.CapturePhase;
import io.heapcapture.sidecar.api.CaptureState;
import io.heapcapture.sidecar.api.Condition;
import io.heapcapture.sidecar.api.Rule;
import io.heapcapture.sidecar.api.RulePhase;
import io.heapcapture.sidecar.api.RuleSet;
import io.heapcapture.sidecar.api.RuleState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * {@code dev/bench triggers}: how fast a threshold rule dumps once its condition holds, and what an
 * armed sidecar costs while nothing fires, each beside a baseline. Figures on stdout, progress on
 * stderr. Usage: {@code TriggerBench <sidecar's shaded jar>}; settings from the environment (see
 * dev/bench).
 */
public final class TriggerBench {
  private static final int HEAP_MIB = 128;
  // The target reaches the mark about 10 s after it starts and fills its heap in about 20 s: time
  // enough for the dump, little waiting.
  private static final double MARK_PERCENT = 50;
  private static final long LEAK_KIB_PER_SECOND = 6 * 1024;
  private static final Duration DUMP_LIMIT = Duration.ofSeconds(90);

  private final Path java;
  private final Path sidecarJar;
  private final int runs;
  private final int idleSeconds;
  private final Duration hold;
  private final Duration settle;
  private final Path work;

  private TriggerBench(
      Path java, Path sidecarJar, int runs, int idleSeconds, Duration hold, Duration settle)
      throws IOException {
    this.java = java;
    this.sidecarJar = sidecarJar;
    this.runs = runs;
    this.idleSeconds = idleSeconds;
    this.hold = hold;
    this.settle = settle;
    this.work = Files.createTempDirectory("heapcapture-triggers");
  }

  public static void main(String[] args) throws Exception {
    if (args.length != 1) {
      System.err.println("usage: TriggerBench <sidecar-all.jar>");
      System.exit(2);
    }
    TriggerBench bench =
        new TriggerBench(
            Path.of(setting("BENCH_TARGET_JAVA", "/usr/lib/jvm/java-17-openjdk-amd64/bin/java")),
            Path.of(args[0]),
            Integer.parseInt(setting("BENCH_TRIGGER_RUNS", "5")),
            Integer.parseInt(setting("BENCH_IDLE_SECONDS", "60")),
            Duration.ofSeconds(Long.parseLong(setting("BENCH_TRIGGER_HOLD_SECONDS", "2"))),
            // Between arming and the CPU window; the JIT compiles the rule path meanwhile.
            Duration.ofSeconds(Long.parseLong(setting("BENCH_SETTLE_SECONDS", "10"))));
    log(
        "target and sidecar JVMs: %s; %d cores; %d runs, hold %s, %d s idle",
        bench.java,
        Runtime.getRuntime().availableProcessors(),
        bench.runs,
        bench.hold,
        bench.idleSeconds);
    if (bench.runs > 0) {
      bench.reaction();
    }
    bench.idleCost();
    delete(bench.work);
    System.exit(0);
  }

  private static String setting(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }

  /** One run's delays after the condition held: to the dump's start, and to its file. */
  record Reaction(Duration start, Duration file) {}

  private void reaction() throws Exception {
    List<Reaction> ours = new ArrayList<>();
    List<Reaction> theirs = new ArrayList<>();
    // Interleaved, so that both see the same load from the machine's other users.
    for (int run = 1; run <= runs; run++) {
      sidecarRun().ifPresent(ours::add);
      log("run %d sidecar: %s", run, ours.isEmpty() ? "-" : ours.get(ours.size() - 1));
      jcmdRun().ifPresent(theirs::add);
      log("run %d jcmd poller: %s", run, theirs.isEmpty() ? "-" : theirs.get(theirs.size() - 1));
    }
    if (ours.isEmpty() || theirs.isEmpty()) {
      throw new IllegalStateException("no run measured");
    }
    double median = median(ours, Reaction::start);
    double baseline = median(theirs, Reaction::start);
    figure("threshold_reaction_s", median, "s");
    figure("threshold_reaction_max_s", max(ours, Reaction::start), "s");
    figure("threshold_reaction_to_file_s", median(ours, Reaction::file), "s");
    figure("baseline_jcmd_reaction_s", baseline, "s");
    figure("baseline_jcmd_reaction_max_s", max(theirs, Reaction::start), "s");
    figure("baseline_jcmd_reaction_to_file_s", median(theirs, Reaction::file), "s");
    figure("vs_jcmd_reaction_ratio", median / baseline, "x");
    figure("threshold_runs", ours.size(), "runs");
  }

  /** The sidecar's code in this JVM arms a rule on a leaking target and dumps it. */
  private Optional<Reaction> sidecarRun() throws Exception {
    Path dumps = Files.createTempDirectory(work, "sidecar");
    try (TargetJvm target = TargetJvm.start(java, HEAP_MIB, LEAK_KIB_PER_SECOND);
        HeapWatch watch = new HeapWatch(target.pid(), dumps);
        InProcessSidecar sidecar = new InProcessSidecar(dumps)) {
      sidecar.arm(
          ruleSet(
              target.pattern(),
              new Rule(
                  "heap",
                  Condition.HEAP_USED_PERCENT,
                  MARK_PERCENT,
                  hold,
                  Duration.ofHours(1),
                  null,
                  null,
                  0,
                  null)));
      CaptureState state = awaitDumped(sidecar);
      if (state.phase() == CapturePhase.FAILED) {
        log("the sidecar's dump failed: %s", state.failure());
        return Optional.empty();
      }
      return measured(watch, state.startedAt());
    } finally {
      delete(dumps);
    }
  }

  private static CaptureState awaitDumped(InProcessSidecar sidecar) throws Exception {
    long deadline = System.nanoTime() + DUMP_LIMIT.toNanos();
    while (System.nanoTime() < deadline) {
      Optional<CaptureState> state = sidecar.ruleCapture();
      if (state.isPresent() && state.get().phase() != CapturePhase.DUMPING) {
        return state.get();
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("the rule did not dump within " + DUMP_LIMIT);
  }

  /** The shell loop that polls {@code jcmd} does the same. */
  private Optional<Reaction> jcmdRun() throws Exception {
    Path dumps = Files.createTempDirectory(work, "jcmd");
    try (TargetJvm target = TargetJvm.start(java, HEAP_MIB, LEAK_KIB_PER_SECOND);
        HeapWatch watch = new HeapWatch(target.pid(), dumps)) {
      Optional<Instant> started =
          new JcmdPoller(jcmd()).dump(target.pid(), markKib(), hold, dumps.resolve("dump.hprof"));
      if (started.isEmpty()) {
        return Optional.empty();
      }
      return measured(watch, started.get());
    } finally {
      delete(dumps);
    }
  }

  private long markKib() {
    return (long) (HEAP_MIB * 1024 * MARK_PERCENT / 100);
  }

  private Path jcmd() {
    return java.resolveSibling("jcmd");
  }

  private Optional<Reaction> measured(HeapWatch watch, Instant dumpStarted) {
    Optional<Instant> above = HeapWatch.aboveSince(watch.samples(), MARK_PERCENT, dumpStarted);
    Optional<Instant> file = watch.firstFileAt();
    if (above.isEmpty() || file.isEmpty()) {
      log("no crossing of the mark or no dump file seen; run left out");
      return Optional.empty();
    }
    Instant held = above.get().plus(hold);
    return Optional.of(
        new Reaction(Duration.between(held, dumpStarted), Duration.between(held, file.get())));
  }

  private void idleCost() throws Exception {
    try (TargetJvm idle = TargetJvm.start(java, HEAP_MIB, 0)) {
      // Nothing armed first, then armed: the same process, the same duration.
      double[] unarmed = sidecarCost(idle, false);
      double[] armed = sidecarCost(idle, true);
      figure("sidecar_armed_cpu_millicores", armed[0], "millicores");
      figure("sidecar_unarmed_cpu_millicores", unarmed[0], "millicores");
      if (unarmed[0] > 0) {
        figure("vs_unarmed_cpu_ratio", armed[0] / unarmed[0], "x");
      } else {
        log("the unarmed sidecar used no clock tick: no CPU ratio");
      }
      figure("sidecar_armed_rss_mib", armed[1], "MiB");
      figure("sidecar_unarmed_rss_mib", unarmed[1], "MiB");
      figure("vs_unarmed_rss_ratio", armed[1] / unarmed[1], "x");
      figure("baseline_jcmd_poller_cpu_millicores", pollerCost(idle), "millicores");
    }
  }

  /** CPU in millicores and RSS in MiB of a sidecar process watching {@code idle}. */
  private double[] sidecarCost(TargetJvm idle, boolean armed) throws Exception {
    String name = armed ? "armed" : "unarmed";
    Path dumps = Files.createTempDirectory(work, "idle-" + name);
    Path sidecarLog = work.resolve("sidecar-" + name + ".log");
    try (SidecarProcess sidecar =
        SidecarProcess.start(java, sidecarJar, dumps, procRoot(idle), sidecarLog)) {
      if (armed) {
        sidecar.arm(idleRules(idle.pattern()));
      }
      Thread.sleep(settle.toMillis());
      if (armed) {
        requireArmed(sidecar.armed());
      }
      long ticksPerSecond = ProcessCost.ticksPerSecond();
      Map<String, Long> threads = ProcessCost.threadTicks(sidecar.pid());
      long ticks = ProcessCost.cpuTicks(sidecar.pid(), false);
      long start = System.nanoTime();
      log("sidecar %s (pid %d): measuring for %d s", name, sidecar.pid(), idleSeconds);
      Thread.sleep(idleSeconds * 1000L);
      long spent = ProcessCost.cpuTicks(sidecar.pid(), false) - ticks;
      double wall = (System.nanoTime() - start) / 1e9;
      double cpuSeconds = (double) spent / ticksPerSecond;
      logThreads(name, spent, threads, ProcessCost.threadTicks(sidecar.pid()));
      double rssMib = ProcessCost.rssKib(sidecar.pid()) / 1024.0;
      if (armed) {
        requireArmed(sidecar.armed());
      }
      return new double[] {1000 * cpuSeconds / wall, rssMib};
    } finally {
      delete(dumps);
    }
  }

  /**
   * The sidecar's view of the processes: this host's {@code /proc} (about a hundred processes on
   * the bench machine), or with {@code BENCH_POD_PROC=1} a directory that shows the target alone,
   * as a pod's shared process namespace shows a few (its {@code /proc/<pid>} linked in).
   */
  private Path procRoot(TargetJvm idle) throws IOException {
    if (!"1".equals(System.getenv("BENCH_POD_PROC"))) {
      return Path.of("/proc");
    }
    Path root = Files.createTempDirectory(work, "proc");
    Files.createSymbolicLink(
        root.resolve(Long.toString(idle.pid())), Path.of("/proc", Long.toString(idle.pid())));
    return root;
  }

  /** Which threads spent the window's ticks (threads that ended meanwhile are missing). */
  private static void logThreads(
      String name, long spent, Map<String, Long> before, Map<String, Long> after) {
    String busiest =
        after.entrySet().stream()
            .map(e -> Map.entry(e.getKey(), e.getValue() - before.getOrDefault(e.getKey(), 0L)))
            .filter(e -> e.getValue() > 0)
            .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
            .limit(8)
            .map(e -> e.getKey() + " " + e.getValue())
            .collect(Collectors.joining(", "));
    log("sidecar %s: %d ticks in the window; by thread: %s", name, spent, busiest);
  }

  /** A policy as a user would write one, with marks far above an idle JVM's figures. */
  private static RuleSet idleRules(String pattern) {
    return new RuleSet(
        "bench-idle",
        UUID.randomUUID().toString(),
        1,
        null,
        null,
        pattern,
        CaptureKind.HEAP_DUMP_LIVE,
        List.of(
            rule("heap", Condition.HEAP_USED_PERCENT, 95),
            rule("old-gen", Condition.OLD_GEN_AFTER_GC_PERCENT, 90),
            rule("gc-time", Condition.GC_TIME_PERCENT, 50),
            rule("rss", Condition.PROCESS_RSS_BYTES, 64L * 1024 * 1024 * 1024)),
        true);
  }

  private static Rule rule(String name, Condition condition, double above) {
    return new Rule(
        name, condition, above, Duration.ofMinutes(1), Duration.ofHours(1), null, null, 0, null);
  }

  private static RuleSet ruleSet(String pattern, Rule rule) {
    return new RuleSet(
        "bench",
        UUID.randomUUID().toString(),
        1,
        null,
        null,
        pattern,
        CaptureKind.HEAP_DUMP_LIVE,
        List.of(rule),
        false);
  }

  /** The rules must read the JVM and not fire: else the figure would be of something else. */
  private static void requireArmed(ArmedRules armed) {
    for (var policy : armed.policies()) {
      for (RuleState state : policy.rules()) {
        log(
            "  rule %s: %s, value %s%s",
            state.name(),
            state.phase(),
            state.value(),
            state.reason() == null ? "" : " (" + state.reason() + ")");
        if (state.fired() > 0 || "heap".equals(state.name()) && state.phase() != RulePhase.ARMED) {
          throw new IllegalStateException("rule " + state.name() + " is not quietly armed");
        }
      }
    }
  }

  /**
   * CPU in millicores of the jcmd loop (its shell and commands) on {@code idle}, mark unreached.
   */
  private double pollerCost(TargetJvm idle) throws Exception {
    int seconds = Math.min(idleSeconds, 30);
    Path file = work.resolve("never.hprof");
    Process poller = new JcmdPoller(jcmd()).start(idle.pid(), Long.MAX_VALUE / 2048, hold, file);
    try {
      Thread.sleep(2000);
      long ticks = ProcessCost.cpuTicks(poller.pid(), true);
      long start = System.nanoTime();
      log("jcmd poller: measuring for %d s", seconds);
      Thread.sleep(seconds * 1000L);
      double cpuSeconds =
          (double) (ProcessCost.cpuTicks(poller.pid(), true) - ticks)
              / ProcessCost.ticksPerSecond();
      return 1000 * cpuSeconds / ((System.nanoTime() - start) / 1e9);
    } finally {
      poller.descendants().forEach(ProcessHandle::destroyForcibly);
      poller.destroyForcibly();
      poller.waitFor();
    }
  }

  private static double median(List<Reaction> runs, Function<Reaction, Duration> of) {
    List<Double> seconds = runs.stream().map(of).map(TriggerBench::seconds).sorted().toList();
    int n = seconds.size();
    return n % 2 == 1 ? seconds.get(n / 2) : (seconds.get(n / 2 - 1) + seconds.get(n / 2)) / 2;
  }

  private static double max(List<Reaction> runs, Function<Reaction, Duration> of) {
    return runs.stream()
        .map(of)
        .map(TriggerBench::seconds)
        .max(Comparator.naturalOrder())
        .orElseThrow();
  }

  private static double seconds(Duration duration) {
    return duration.toNanos() / 1e9;
  }

  private static void delete(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }

  private static void figure(String name, double value, String unit) {
    System.out.printf(Locale.ROOT, "figure: %s %.3f %s%n", name, value, unit);
    System.out.flush();
  }

  private static void log(String format, Object... args) {
    System.err.printf(Locale.ROOT, "[triggers] " + format + "%n", args);
  }
}
